// The breakers-and-bulkheads panel: per service and dependency, the live figures from its
// /metrics (the gateway's from its registry).
import { $, countsText, el, fill, ms, pct } from './dom.js';

function laneText(bulkhead) {
  if (!bulkhead) return '—';
  return (
    Object.keys(bulkhead.lanes)
      .filter(function (lane) {
        const l = bulkhead.lanes[lane];
        return l.active || l.queued;
      })
      .map(function (lane) {
        const l = bulkhead.lanes[lane];
        return lane + ' ' + l.active + '/' + l.queued;
      })
      .join(', ') || 'idle'
  );
}

function adaptiveText(a) {
  if (!a) return '—';
  const parts = [];
  if (a.limit !== null) parts.push('limit ' + a.limit);
  if (a.retryBudget)
    parts.push(
      'retry budget ' +
        Math.floor(a.retryBudget.balance) +
        ' left (allowed ' +
        a.retryBudget.allowed +
        ', refused ' +
        a.retryBudget.refused +
        ')',
    );
  if (a.hedges) parts.push('hedges ' + countsText(a.hedges));
  return parts.join(' · ') || '—';
}

function dependencyRow(service, d) {
  const b = d.bulkhead;
  const use = b && b.max ? Math.min(100, Math.round((b.active / b.max) * 100)) : 0;
  return el('tr', { 'data-service': service.service, 'data-dependency': d.dependency }, [
    el('td', { text: service.service }),
    el('td', { text: d.dependency }),
    el('td', { class: 'breaker', 'data-state': d.circuit, text: d.circuit }),
    el(
      'td',
      {},
      b ? [el('span', { class: 'bar' }, [el('span', { style: 'width:' + use + '%' })]), b.active + '/' + b.max] : ['—'],
    ),
    el('td', { class: 'num', text: b ? String(b.queued) : '—' }),
    el('td', { text: laneText(b) }),
    el('td', { class: 'num', text: pct(d.successRate) }),
    el('td', { class: 'num', text: ms(d.p95Ms) }),
    el('td', { class: 'muted', text: countsText(d.calls) }),
    el('td', { class: 'adaptive muted', text: adaptiveText(d.adaptive) }),
  ]);
}

export function renderDependencies(services) {
  const rows = [];
  const unreachable = [];
  services.forEach(function (service) {
    if (!service.reachable) {
      unreachable.push(service.service + ': ' + service.error);
      return;
    }
    service.dependencies.forEach(function (d) {
      rows.push(dependencyRow(service, d));
    });
  });
  fill(document.querySelector('#dependencies tbody'), rows);
  $('unreachable').textContent = unreachable.length ? 'Not reachable: ' + unreachable.join('; ') : '';
}
