'use strict';
(function () {
  var KEY_STORAGE = 'fleet-dashboard-admin-key';
  var state = { key: sessionStorage.getItem(KEY_STORAGE), timers: [], selectedSaga: null, scenarios: null };

  function $(id) {
    return document.getElementById(id);
  }

  /** Builds an element; text goes in as text, never as HTML. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else if (name === 'onclick') node.addEventListener('click', attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(tbody, rows) {
    tbody.replaceChildren.apply(tbody, rows);
  }

  function api(method, path, body) {
    var headers = { 'x-admin-key': state.key || '' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.text().then(function (text) {
        var parsed = text ? JSON.parse(text) : undefined;
        if (response.status === 401 || response.status === 403) {
          askForKey('The admin key was refused (' + response.status + ').');
          throw new Error('admin key refused');
        }
        if (!response.ok) throw new Error((parsed && parsed.message) || 'HTTP ' + response.status);
        return parsed;
      });
    });
  }

  function pct(rate) {
    return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + ' %';
  }
  function ms(value) {
    return value === null || value === undefined
      ? '—'
      : value >= 1000
        ? (value / 1000).toFixed(2) + ' s'
        : Math.round(value) + ' ms';
  }
  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : '—';
  }

  function askForKey(message) {
    sessionStorage.removeItem(KEY_STORAGE);
    state.key = null;
    state.timers.forEach(clearInterval);
    state.timers = [];
    $('board').hidden = true;
    $('forget-key').hidden = true;
    $('key-form').hidden = false;
    $('key-error').textContent = message || '';
    $('status').textContent = 'admin key needed';
    $('admin-key').focus();
  }

  function begin() {
    $('key-form').hidden = true;
    $('board').hidden = false;
    $('forget-key').hidden = false;
    loadScenarios();
    [
      [refreshState, 1000],
      [refreshFaults, 2000],
      [refreshSagas, 2000],
      [refreshDeadLetters, 5000],
    ].forEach(function (pair) {
      pair[0]();
      state.timers.push(setInterval(pair[0], pair[1]));
    });
  }

  // ---- resilience, write-behind, transitions, runs ------------------------------------------
  function refreshState() {
    api('GET', '/api/admin/dashboard/state')
      .then(function (s) {
        $('status').textContent = 'live · updated ' + time(s.at);
        renderDependencies(s.services);
        renderWriteBehind(s.writeBehind);
        renderJobQueues(s.jobQueues);
        renderTransitions(s.transitions);
        renderRuns(s.runs);
      })
      .catch(function (error) {
        $('status').textContent = 'update failed: ' + error.message;
      });
  }

  function laneText(bulkhead) {
    if (!bulkhead) return '—';
    return (
      Object.keys(bulkhead.lanes)
        .filter(function (lane) {
          var l = bulkhead.lanes[lane];
          return l.active || l.queued;
        })
        .map(function (lane) {
          var l = bulkhead.lanes[lane];
          return lane + ' ' + l.active + '/' + l.queued;
        })
        .join(', ') || 'idle'
    );
  }

  function callsText(calls) {
    return (
      Object.keys(calls)
        .filter(function (k) {
          return calls[k] > 0;
        })
        .map(function (k) {
          return k + ' ' + calls[k];
        })
        .join(', ') || '—'
    );
  }

  function adaptiveText(a) {
    if (!a) return '—';
    var parts = [];
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
    if (a.hedges)
      parts.push(
        'hedges ' +
          Object.keys(a.hedges)
            .map(function (k) {
              return k + ' ' + a.hedges[k];
            })
            .join(', '),
      );
    return parts.join(' · ') || '—';
  }

  function renderDependencies(services) {
    var rows = [];
    var unreachable = [];
    services.forEach(function (service) {
      if (!service.reachable) {
        unreachable.push(service.service + ': ' + service.error);
        return;
      }
      service.dependencies.forEach(function (d) {
        var b = d.bulkhead;
        var use = b && b.max ? Math.min(100, Math.round((b.active / b.max) * 100)) : 0;
        rows.push(
          el('tr', { 'data-service': service.service, 'data-dependency': d.dependency }, [
            el('td', { text: service.service }),
            el('td', { text: d.dependency }),
            el('td', { class: 'breaker', 'data-state': d.circuit, text: d.circuit }),
            el(
              'td',
              {},
              b
                ? [el('span', { class: 'bar' }, [el('span', { style: 'width:' + use + '%' })]), b.active + '/' + b.max]
                : ['—'],
            ),
            el('td', { class: 'num', text: b ? String(b.queued) : '—' }),
            el('td', { text: laneText(b) }),
            el('td', { class: 'num', text: pct(d.successRate) }),
            el('td', { class: 'num', text: ms(d.p95Ms) }),
            el('td', { class: 'muted', text: callsText(d.calls) }),
            el('td', { class: 'adaptive muted', text: adaptiveText(d.adaptive) }),
          ]),
        );
      });
    });
    fill(document.querySelector('#dependencies tbody'), rows);
    $('unreachable').textContent = unreachable.length ? 'Not reachable: ' + unreachable.join('; ') : '';
  }

  function renderWriteBehind(stores) {
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
    $('write-behind-none').textContent = stores.length
      ? ''
      : 'No write-behind store reports metrics in this fleet yet.';
  }

  function renderJobQueues(queues) {
    fill(
      document.querySelector('#job-queues tbody'),
      queues.map(function (q) {
        var cells = [q.workers, q.active, q.waiting, q.delayed, q.failed].map(function (n) {
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

  function renderTransitions(transitions) {
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

  // ---- scenarios ----------------------------------------------------------------------------
  function loadScenarios() {
    api('GET', '/api/admin/scenarios')
      .then(function (answer) {
        fill(
          $('scenario-buttons'),
          Object.keys(answer.scenarios).map(function (name) {
            var s = answer.scenarios[name];
            return el(
              'button',
              {
                type: 'button',
                'data-scenario': name,
                title: s.what,
                onclick: function () {
                  runScenario(name);
                },
              },
              [s.title],
            );
          }),
        );
      })
      .catch(function () {});
  }

  function runScenario(name) {
    api('POST', '/api/admin/scenarios/' + encodeURIComponent(name))
      .then(refreshState)
      .catch(function (error) {
        $('status').textContent = name + ': ' + error.message;
      });
  }

  function renderRuns(runs) {
    fill(
      $('runs'),
      runs.slice(0, 4).map(function (run) {
        var requests = Object.keys(run.requests).map(function (route) {
          var counts = run.requests[route];
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
        var calls = run.calls.map(function (c) {
          return el('li', { text: c.service + '/' + c.dependency + ': ' + callsText(c.outcomes) });
        });
        var steps = run.steps.map(function (s) {
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

  // ---- faults, sagas, dead letters ------------------------------------------------------------
  function refreshFaults() {
    api('GET', '/api/admin/faults')
      .then(function (faults) {
        fill(
          document.querySelector('#faults tbody'),
          faults.map(function (f) {
            var s = f.settings || {};
            var on = s.mode && (s.mode !== 'up' || s.latencyMs > 0 || s.errorRate > 0);
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

  function refreshSagas() {
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
                  state.selectedSaga = s.sagaId;
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
        if (state.selectedSaga) showSaga();
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
    api('GET', '/api/sagas/' + encodeURIComponent(state.selectedSaga))
      .then(function (saga) {
        var rows = saga.steps.map(function (step) {
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

  function refreshDeadLetters() {
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

  document.addEventListener('DOMContentLoaded', function () {
    $('key-form').addEventListener('submit', function (event) {
      event.preventDefault();
      state.key = $('admin-key').value.trim();
      sessionStorage.setItem(KEY_STORAGE, state.key);
      $('admin-key').value = '';
      begin();
    });
    $('forget-key').addEventListener('click', function () {
      askForKey('');
    });
    if (state.key) begin();
    else askForKey('');
  });
})();
