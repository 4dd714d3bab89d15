// The scenario buttons, and the latest runs with what each did.
import { api } from './api.js';
import { $, countsText, el, fill, time } from './dom.js';

/** Fills the buttons; `onStarted` runs once a scenario has been accepted. */
export function loadScenarios(onStarted) {
  api('GET', '/api/admin/scenarios')
    .then(function (answer) {
      fill(
        $('scenario-buttons'),
        Object.keys(answer.scenarios).map(function (name) {
          const s = answer.scenarios[name];
          return el(
            'button',
            {
              type: 'button',
              'data-scenario': name,
              title: s.what,
              onclick: function () {
                runScenario(name, onStarted);
              },
            },
            [s.title],
          );
        }),
      );
    })
    .catch(function () {});
}

function runScenario(name, onStarted) {
  api('POST', '/api/admin/scenarios/' + encodeURIComponent(name))
    .then(onStarted)
    .catch(function (error) {
      $('status').textContent = name + ': ' + error.message;
    });
}

export function renderRuns(runs) {
  fill(
    $('runs'),
    runs.slice(0, 4).map(function (run) {
      const requests = Object.keys(run.requests).map(function (route) {
        const counts = run.requests[route];
        return el('li', {
          text:
            route +
            ': ' +
            Object.keys(counts)
              .map(function (s) {
                return counts[s] + '× ' + s;
              })
              .join(', '),
        });
      });
      const calls = run.calls.map(function (c) {
        return el('li', { text: c.service + '/' + c.dependency + ': ' + countsText(c.outcomes) });
      });
      const steps = run.steps.map(function (s) {
        return el('li', { text: time(s.at) + ' ' + s.message });
      });
      return el('div', { class: 'run', 'data-run': run.scenario, 'data-status': run.status }, [
        el('strong', { text: run.title }),
        ' · ',
        el('span', { class: 'run-status', text: run.status }),
        ' · started ' + time(run.startedAt),
        el('ul', {}, steps.concat(requests, calls)),
      ]);
    }),
  );
}
