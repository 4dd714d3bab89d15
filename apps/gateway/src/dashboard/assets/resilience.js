// The breakers-and-bulkheads panel: per service and dependency, the live figures from its
// /metrics (the gateway's from its registry), the settings the app that owns it reports, and what
// deadlines cost; per service, the messages it dropped unread because their deadline had passed.
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

/** `time · last 10 s (≥ 5 calls): 50 % failed · or 80 % slower than 1 s · open 2.00 s`. */
export function breakerRuleText(settings) {
  if (!settings) return 'unknown';
  const b = settings.breaker;
  if (!b) return 'none';
  return [b.kind, b.rule].concat(b.slowCalls ? ['or ' + b.slowCalls] : [], ['open ' + ms(b.openMs)]).join(' · ');
}

function rateLimitText(settings) {
  if (!settings) return 'unknown';
  const r = settings.rateLimit;
  return r ? r.kind.replace('-', ' ') + ' · ' + r.limit : 'none';
}

function deadlinesText(d) {
  const parts = [];
  if (d.notStarted) parts.push(d.notStarted + ' not started');
  if (d.cutOff) parts.push(d.cutOff + ' cut off');
  return parts.join(', ') || '—';
}

function dependencyRow(service, d) {
  const b = d.bulkhead;
  const use = b && b.max ? Math.min(100, Math.round((b.active / b.max) * 100)) : 0;
  return el('tr', { 'data-service': service.service, 'data-dependency': d.dependency }, [
    el('td', { text: service.service }),
    el('td', { text: d.dependency }),
    el('td', { class: 'breaker', 'data-state': d.circuit, text: d.circuit }),
    el('td', { class: 'breaker-rule', 'data-kind': d.settings && d.settings.breaker ? d.settings.breaker.kind : '' }, [
      breakerRuleText(d.settings),
    ]),
    el('td', { class: 'timeout num', text: d.settings ? ms(d.settings.timeoutMs) : '?' }),
    el('td', { class: 'rate-limit', text: rateLimitText(d.settings) }),
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
    el('td', { class: 'deadlines num', text: deadlinesText(d.deadlines) }),
    el('td', { class: 'adaptive muted', text: adaptiveText(d.adaptive) }),
  ]);
}

export function renderDependencies(services) {
  const rows = [];
  const unreachable = [];
  const noSettings = [];
  services.forEach(function (service) {
    if (!service.reachable) {
      unreachable.push(service.service + ': ' + service.error);
      return;
    }
    if (service.settingsError) noSettings.push(service.service + ': ' + service.settingsError);
    service.dependencies.forEach(function (d) {
      rows.push(dependencyRow(service, d));
    });
  });
  fill(document.querySelector('#dependencies tbody'), rows);
  $('unreachable').textContent = unreachable.length ? 'Not reachable: ' + unreachable.join('; ') : '';
  $('settings-unknown').textContent = noSettings.length ? 'Settings unknown: ' + noSettings.join('; ') : '';
  renderServiceDeadlines(services);
}

function renderServiceDeadlines(services) {
  fill(
    document.querySelector('#service-deadlines tbody'),
    services.map(function (service) {
      const cut = service.dependencies.reduce(function (sum, d) {
        return sum + d.deadlines.notStarted + d.deadlines.cutOff;
      }, 0);
      return el('tr', { 'data-service': service.service }, [
        el('td', { text: service.service }),
        el('td', {
          class: 'expired num',
          text: service.expiredMessages === null ? '—' : String(service.expiredMessages),
        }),
        el('td', { class: 'num', text: String(cut) }),
      ]);
    }),
  );
}
