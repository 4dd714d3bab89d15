import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { MetricsService } from '@shop/platform';
import { ResilienceRegistry } from '@shop/resilience';
import { WriteBehindMetrics } from '@shop/write-behind';
import { register as globalRegister, Registry } from 'prom-client';

import { NoticeQueueMetrics } from '../../apps/notifications/src/notices/notice-queue.metrics';
import type { NoticeQueues } from '../../apps/notifications/src/notices/notice-queues';
import { SagaMetrics } from '../../apps/orders/src/saga/saga.metrics';
import { REPO_ROOT } from './conventions';
import { Json, logValidation, parseYaml11, read, run, which } from './support';

/**
 * The alert rules and the Grafana dashboard name only metrics the apps really export. The names
 * are not copied from the code: the metrics are registered here by the code itself (the
 * resilience registry, the write-behind metrics, the platform's MetricsService, the orders saga
 * metrics, the notifications' compartment queue metrics) and listed from prom-client registries, so a renamed metric or a typo in a rule fails.
 */

/** Series Prometheus itself adds, whichever app it scrapes. */
const PROMETHEUS_SERIES = ['up', 'ALERTS', 'ALERTS_FOR_STATE', 'scrape_duration_seconds', 'scrape_samples_scraped'];
/** Labels Prometheus adds: `app` and `job` from prometheus.yml, `le`/`quantile` of histograms and summaries. */
const PROMETHEUS_LABELS = ['app', 'job', 'instance', 'le', 'quantile', '__name__'];
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** Metric names a PromQL expression reads (Grafana's `$__rate_interval`-style variables allowed). */
export function metricNamesIn(expr: string): string[] {
  const e = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\$\{?[A-Za-z_]\w*\}?/g, '1m')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(GROUPING, '');
  const names = new Set<string>();
  for (const match of e.matchAll(/(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const rest = e.slice(match.index + match[0].length).trimStart();
    if (rest.startsWith('(') || KEYWORDS.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return [...names];
}

/** Label names an expression groups by or matches on. */
export function labelNamesIn(expr: string): string[] {
  const e = expr.replace(/\$\{?[A-Za-z_]\w*\}?/g, '1m');
  const labels = new Set<string>();
  for (const [, , list] of e.matchAll(GROUPING))
    list
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean)
      .forEach((l) => labels.add(l));
  for (const [, matchers] of e.matchAll(/\{([^}]*)\}/g))
    for (const [, label] of matchers.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) labels.add(label);
  return [...labels];
}

interface Exported {
  series: Set<string>;
  labels: Set<string>;
}

/** Every series name (histograms with _bucket/_sum/_count) and label the code registers. */
async function exportedMetrics(): Promise<Exported> {
  const own = new Registry();
  const resilience = new ResilienceRegistry(
    {
      resilience: {
        dependencies: {
          everything: {
            timeoutMs: 100,
            bulkhead: { maxConcurrent: 2, maxQueue: 2 },
            circuitBreaker: { failureThreshold: 2 },
            retry: { maxAttempts: 2, idempotent: true },
            rateLimit: { kind: 'token-bucket', capacity: 10, refillPerSecond: 10 },
          },
        },
      },
    },
    { metricsRegistry: own },
  );
  await resilience.get('everything').execute(async () => 'ok');
  WriteBehindMetrics.for(own);
  new MetricsService();
  new SagaMetrics();
  const idleQueue = {
    getJobCounts: async () => ({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0, paused: 0 }),
  };
  new NoticeQueueMetrics(new MetricsService(), {
    critical: idleQueue,
    background: idleQueue,
  } as unknown as NoticeQueues).setWorkers({ critical: 8, background: 2 });
  const series = new Set<string>(PROMETHEUS_SERIES);
  const labels = new Set<string>(PROMETHEUS_LABELS);
  for (const registry of [own, globalRegister]) {
    for (const metric of await registry.getMetricsAsJSON()) {
      series.add(metric.name);
      if (String(metric.type) === 'histogram')
        for (const suffix of ['_bucket', '_sum', '_count']) series.add(metric.name + suffix);
    }
    for (const metric of registry.getMetricsAsArray())
      for (const label of (metric as unknown as { labelNames?: string[] }).labelNames ?? []) labels.add(label);
  }
  return { series, labels };
}

const alertRules = (): Array<{ alert: string; expr: string }> =>
  parseYaml11(read('docker', 'prometheus', 'alerts.yml')).groups.flatMap((g: Json) => g.rules);
const dashboardFiles = readdirSync(join(REPO_ROOT, 'docker', 'grafana', 'dashboards')).filter((f) =>
  f.endsWith('.json'),
);
const dashboardExprs = (): Array<{ where: string; expr: string }> =>
  dashboardFiles.flatMap((file) => {
    const dashboard = JSON.parse(read('docker', 'grafana', 'dashboards', file));
    return dashboard.panels.flatMap((p: Json) =>
      (p.targets ?? []).map((t: Json) => ({ where: `${file} "${p.title}" ${t.refId}`, expr: t.expr as string })),
    );
  });

describe('PromQL name extraction (the check below relies on it)', () => {
  it('finds metric names, not functions, keywords, labels, ranges or Grafana variables', () => {
    expect(
      metricNamesIn(
        'sum by (app, dependency) (rate(resilience_calls_total{outcome="success"}[$__rate_interval])) / max by (app) (resilience_bulkhead_max) >= 0.9',
      ),
    ).toEqual(['resilience_calls_total', 'resilience_bulkhead_max']);
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le) (rate(saga_duration_seconds_bucket[5m]))) and on(app) up == 1',
      ),
    ).toEqual(['saga_duration_seconds_bucket', 'up']);
    expect(labelNamesIn('sum by (app, dependency) (x{outcome="rejected", lane=~"low|normal"})').sort()).toEqual([
      'app',
      'dependency',
      'lane',
      'outcome',
    ]);
  });
});

describe('alert rules and Grafana dashboards', () => {
  let exported: Exported;
  beforeAll(async () => {
    exported = await exportedMetrics();
  });

  it('knows the exported metrics it compares against (resilience, write-behind, platform, sagas)', () => {
    for (const name of [
      'resilience_circuit_state',
      'resilience_call_duration_seconds_bucket',
      'write_behind_lag_seconds',
      'http_request_duration_seconds_bucket',
      'saga_finished_total',
    ]) {
      expect(exported.series).toContain(name);
    }
  });

  it('a misspelled metric or label would fail the check', () => {
    expect(metricNamesIn('rate(resilience_call_totl[5m])').filter((n) => !exported.series.has(n))).toEqual([
      'resilience_call_totl',
    ]);
    expect(
      labelNamesIn('sum by (dependancy) (resilience_bulkhead_active)').filter((l) => !exported.labels.has(l)),
    ).toEqual(['dependancy']);
  });

  it('docker/prometheus/alerts.yml: every rule reads only exported metrics and labels', () => {
    const rules = alertRules();
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const rule of rules) {
      expect({
        alert: rule.alert,
        unknownMetrics: metricNamesIn(rule.expr).filter((n) => !exported.series.has(n)),
      }).toEqual({ alert: rule.alert, unknownMetrics: [] });
      expect({
        alert: rule.alert,
        unknownLabels: labelNamesIn(rule.expr).filter((l) => !exported.labels.has(l)),
      }).toEqual({ alert: rule.alert, unknownLabels: [] });
    }
  });

  it('alerts on an open breaker, a saturated bulkhead, dead letters and high write-behind lag', () => {
    const byMetric = (metric: string) =>
      alertRules()
        .filter((r) => metricNamesIn(r.expr).includes(metric))
        .map((r) => r.alert);
    expect(byMetric('resilience_circuit_state')).toContain('CircuitBreakerOpen');
    expect(byMetric('resilience_bulkhead_active')).toContain('BulkheadSaturated');
    expect(byMetric('write_behind_dead_lettered_total')).toContain('WriteBehindDeadLetters');
    expect(byMetric('write_behind_lag_seconds')).toContain('WriteBehindLagHigh');
    for (const rule of alertRules() as Json[])
      expect({ alert: rule.alert, severity: rule.labels?.severity, summary: typeof rule.annotations?.summary }).toEqual(
        { alert: rule.alert, severity: expect.stringMatching(/^(warning|critical)$/), summary: 'string' },
      );
  });

  it('docker/grafana/dashboards: every panel query reads only exported metrics and labels', () => {
    const exprs = dashboardExprs();
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    for (const { where, expr } of exprs) {
      expect({ where, unknownMetrics: metricNamesIn(expr).filter((n) => !exported.series.has(n)) }).toEqual({
        where,
        unknownMetrics: [],
      });
      expect({ where, unknownLabels: labelNamesIn(expr).filter((l) => !exported.labels.has(l)) }).toEqual({
        where,
        unknownLabels: [],
      });
    }
  });

  const promtool = which('promtool');
  it(`validates alerts.yml with \`promtool check rules\` (${promtool ? 'binary present' : 'binary absent: name checks only'})`, () => {
    if (!promtool) {
      logValidation('alerts: promtool not on PATH, so the metric-name checks above are the validation');
      return;
    }
    const result = run(promtool, ['check', 'rules', 'docker/prometheus/alerts.yml']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    logValidation('alerts: promtool check rules passed');
  });
});

describe('Grafana provisioning in docker/compose.yaml', () => {
  const compose = parseYaml11(read('docker', 'compose.yaml'));
  const grafana = compose.services.grafana;

  it('runs Grafana health-checked, after Prometheus is healthy, with a data volume', () => {
    expect(grafana.depends_on).toEqual({ prometheus: { condition: 'service_healthy' } });
    expect(grafana.healthcheck.test.join(' ')).toMatch(/\/api\/health/);
    expect(grafana.volumes).toContain('grafana-data:/var/lib/grafana');
    expect(Object.keys(compose.volumes)).toContain('grafana-data');
  });

  it('provisions the Prometheus datasource of this file and loads the dashboards from the mounted folder', () => {
    const mount = (target: string) =>
      (grafana.volumes as string[]).find((v) => v.split(':')[1] === target)?.split(':')[0];
    expect(mount('/etc/grafana/provisioning')).toBe('./grafana/provisioning');
    const datasources = parseYaml11(
      read('docker', 'grafana', 'provisioning', 'datasources', 'prometheus.yml'),
    ).datasources;
    expect(datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', uid: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    expect(compose.services.prometheus.ports.join(' ')).toMatch(/:9090$/);
    const providers = parseYaml11(read('docker', 'grafana', 'provisioning', 'dashboards', 'fleet.yml')).providers;
    expect(providers.map((p: Json) => p.options.path)).toEqual(['/etc/grafana/dashboards']);
    expect(mount('/etc/grafana/dashboards')).toBe('./grafana/dashboards');
    for (const file of dashboardFiles) {
      const dashboard = JSON.parse(read('docker', 'grafana', 'dashboards', file));
      for (const panel of dashboard.panels.filter((p: Json) => p.type !== 'row'))
        expect({ panel: panel.title, datasource: panel.datasource?.uid }).toEqual({
          panel: panel.title,
          datasource: 'prometheus',
        });
    }
  });

  it('has no login and no admin account, so it holds no password', () => {
    const env = grafana.environment;
    expect(env).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      GF_AUTH_DISABLE_LOGIN_FORM: 'true',
      GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION: 'true',
    });
    expect(grafana.ports).toEqual(['127.0.0.1:3300:3000']);
  });
});
