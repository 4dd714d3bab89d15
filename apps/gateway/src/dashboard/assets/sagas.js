// Sagas: the latest, one saga's steps and its trace; and the saga messages' dead letters.
import { api } from './api.js';
import { $, el, fill, time } from './dom.js';

let selectedSaga = null;

export function refreshSagas() {
  api('GET', '/api/sagas?limit=15')
    .then(function (sagas) {
      $('sagas-error').textContent = sagas.length ? '' : 'No sagas yet: run “A burst of orders”.';
      fill(
        document.querySelector('#sagas tbody'),
        sagas.map(function (s) {
          return el(
            'tr',
            {
              class: 'saga',
              'data-saga': s.sagaId,
              onclick: function () {
                selectedSaga = s.sagaId;
                showSaga();
              },
            },
            [
              el('td', {}, [el('code', { text: s.sagaId.slice(0, 8) })]),
              el('td', { text: s.status }),
              el('td', { class: 'num', text: String(s.currentStep) }),
              el('td', { text: time(s.updatedAt) }),
            ],
          );
        }),
      );
      if (selectedSaga) showSaga();
    })
    .catch(function (error) {
      $('sagas-error').textContent = 'Sagas unavailable: ' + error.message;
    });
}

function phase(p) {
  return p
    ? p.state + (p.attempts > 1 ? ' (' + p.attempts + ' attempts)' : '') + (p.lastError ? ': ' + p.lastError : '')
    : '—';
}

function showSaga() {
  api('GET', '/api/sagas/' + encodeURIComponent(selectedSaga))
    .then(function (saga) {
      const rows = saga.steps.map(function (step) {
        return el('tr', { 'data-step': step.name }, [
          el('td', { text: String(step.step) }),
          el('td', { text: step.name }),
          el('td', { text: phase(step) }),
          el('td', { text: phase(step.compensation) }),
        ]);
      });
      $('saga-detail').className = '';
      fill($('saga-detail'), [
        el('p', {}, [
          el('code', { text: saga.sagaId }),
          ' · ' + saga.status + (saga.lastError ? ' · ' + saga.lastError : ''),
        ]),
        el('table', {}, [
          el('thead', {}, [
            el('tr', {}, [
              el('th', { text: '#' }),
              el('th', { text: 'step' }),
              el('th', { text: 'state' }),
              el('th', { text: 'compensation' }),
            ]),
          ]),
          el('tbody', {}, rows),
        ]),
        el('p', { id: 'saga-trace', text: 'trace: looking…' }),
      ]);
      return api('GET', '/api/admin/dashboard/sagas/' + encodeURIComponent(saga.sagaId) + '/trace').then(
        function (trace) {
          fill($('saga-trace'), [
            'trace: ',
            el('a', { href: trace.url, target: '_blank', rel: 'noopener', 'data-trace': trace.traceId }, [
              el('code', { text: trace.traceId }),
            ]),
          ]);
        },
        function (error) {
          $('saga-trace').textContent = 'trace: ' + error.message;
        },
      );
    })
    .catch(function (error) {
      $('saga-detail').textContent = 'Saga unavailable: ' + error.message;
    });
}

export function refreshDeadLetters() {
  api('GET', '/api/admin/dead-letters')
    .then(function (letters) {
      $('dead-letters').textContent = letters.length
        ? letters.length +
          ' dead letter(s); newest: ' +
          letters[letters.length - 1].originalTopic +
          ' — ' +
          letters[letters.length - 1].error
        : 'None.';
    })
    .catch(function (error) {
      $('dead-letters').textContent = 'Unavailable: ' + error.message;
    });
}
