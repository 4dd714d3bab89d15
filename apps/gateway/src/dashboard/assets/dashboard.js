// The dashboard's entry module: the admin key, and the polls that keep each panel live. Each
// panel is a module of its own beside this one, served from /dashboard/ like this file.
import { adminKey, api, rememberKey, whenKeyRefused } from './api.js';
import { $, time } from './dom.js';
import { refreshFaults, renderJobQueues, renderTransitions, renderWriteBehind } from './panels.js';
import { renderDependencies } from './resilience.js';
import { refreshDeadLetters, refreshSagas } from './sagas.js';
import { loadScenarios, renderRuns } from './scenarios.js';

let timers = [];

function askForKey(message) {
  rememberKey(null);
  timers.forEach(clearInterval);
  timers = [];
  $('board').hidden = true;
  $('forget-key').hidden = true;
  $('key-form').hidden = false;
  $('key-error').textContent = message || '';
  $('status').textContent = 'admin key needed';
  $('admin-key').focus();
}

/** Resilience, write-behind, transitions and runs: one poll of the fleet's state. */
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

function begin() {
  $('key-form').hidden = true;
  $('board').hidden = false;
  $('forget-key').hidden = false;
  loadScenarios(refreshState);
  [
    [refreshState, 1000],
    [refreshFaults, 2000],
    [refreshSagas, 2000],
    [refreshDeadLetters, 5000],
  ].forEach(function (pair) {
    pair[0]();
    timers.push(setInterval(pair[0], pair[1]));
  });
}

// A module runs once the document is parsed (modules are deferred), so the form is there.
whenKeyRefused(askForKey);
$('key-form').addEventListener('submit', function (event) {
  event.preventDefault();
  rememberKey($('admin-key').value.trim());
  $('admin-key').value = '';
  begin();
});
$('forget-key').addEventListener('click', function () {
  askForKey('');
});
if (adminKey()) begin();
else askForKey('');
