// The smaller panels of the state: write-behind backlogs, compartment job queues, breaker
// transitions; and the faults, polled on their own.
import { api } from './api.js';
import { $, el, fill, ms, pct, time } from './dom.js';

export function renderWriteBehind(stores) {
  fill(
    document.querySelector('#write-behind tbody'),
    stores.map(function (w) {
      return el('tr', { 'data-store': w.store }, [
        el('td', { text: w.service }),
        el('td', { text: w.store }),
        el('td', { class: 'num', text: String(w.pending) }),
        el('td', { class: 'num', text: w.lagSeconds.toFixed(1) + ' s' }),
        el('td', { class: 'num', text: String(w.deadLettered) }),
      ]);
    }),
  );
  $('write-behind-none').textContent = stores.length ? '' : 'No write-behind store reports metrics in this fleet yet.';
}

export function renderJobQueues(queues) {
  fill(
    document.querySelector('#job-queues tbody'),
    queues.map(function (q) {
      const cells = [q.workers, q.active, q.waiting, q.delayed, q.failed].map(function (n) {
        return el('td', { class: 'num', text: String(n) });
      });
      return el(
        'tr',
        { 'data-queue': q.queue, 'data-compartment': q.compartment },
        [el('td', { text: q.service }), el('td', { text: q.queue }), el('td', { text: q.compartment })].concat(cells),
      );
    }),
  );
  $('job-queues-none').textContent = queues.length ? '' : 'No service reports compartmented job queues yet.';
}

export function renderTransitions(transitions) {
  fill(
    $('transitions'),
    transitions.slice(0, 15).map(function (t) {
      return el('li', {}, [
        time(t.at) + ' ' + t.service + '/' + t.dependency + ': ' + t.from + ' → ',
        el('span', { class: 'breaker', 'data-state': t.to, text: t.to }),
      ]);
    }),
  );
}

export function refreshFaults() {
  api('GET', '/api/admin/faults')
    .then(function (faults) {
      fill(
        document.querySelector('#faults tbody'),
        faults.map(function (f) {
          const s = f.settings || {};
          const on = s.mode && (s.mode !== 'up' || s.latencyMs > 0 || s.errorRate > 0);
          return el('tr', { 'data-fault': f.dependency }, [
            el('td', { text: f.dependency }),
            el('td', { class: on ? 'fault-on' : '', text: f.error ? 'unknown' : s.mode }),
            el('td', { class: 'num', text: f.error ? '—' : ms(s.latencyMs) }),
            el('td', { class: 'num', text: f.error ? '—' : pct(s.errorRate) }),
            el('td', { class: 'muted', text: f.error ? f.error : f.appliedBy }),
          ]);
        }),
      );
    })
    .catch(function () {});
}
