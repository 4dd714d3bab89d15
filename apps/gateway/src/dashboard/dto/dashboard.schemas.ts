import {
  arrayOf,
  bool,
  dateTime,
  int,
  mapOf,
  namedObject,
  nullable,
  num,
  objectSchema,
  oneOf,
  str,
  uuid,
} from '../../docs/schema';
import type {
  BreakerTransition,
  FleetResilience,
  ServiceResilience,
  WriteBehindView,
} from '../fleet-resilience.service';
import type { JobQueueView } from '../job-queue-view';
import type { AdaptiveView, DependencyView } from '../resilience-view';
import { LANES } from '../resilience-view';
import type { SagaTrace } from '../saga-trace.service';
import { SCENARIO_NAMES, SCENARIOS } from '../scenarios';
import type { DependencyCalls, ScenarioRun } from '../scenarios.service';
import { DEADLINES_VIEW, SETTINGS_VIEW, SETTINGS_VIEW_EXAMPLE } from './settings-view.schemas';

const AT = '2026-11-25T09:00:00.000Z';
const count = (description: string) => int(description, { minimum: 0 });
const counts = (description: string) => mapOf(count('Count'), description);

const TRANSITION_EXAMPLE: BreakerTransition = {
  at: AT,
  service: 'payments',
  dependency: 'payment_provider',
  from: 'closed',
  to: 'open',
};
const TRANSITION = objectSchema<BreakerTransition>({
  properties: {
    at: dateTime('When it was seen'),
    service: str('The service'),
    dependency: str('Its dependency'),
    from: str('Breaker state before'),
    to: str('Breaker state after'),
  },
  example: TRANSITION_EXAMPLE,
});

const RUN_EXAMPLE: ScenarioRun = {
  id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  scenario: 'payment-outage',
  title: SCENARIOS['payment-outage'].title,
  status: 'finished',
  startedAt: AT,
  finishedAt: '2026-11-25T09:00:20.000Z',
  holdMs: 12_000,
  steps: [{ at: AT, message: 'payment provider simulator down' }],
  requests: { 'POST /api/orders': { '202': 12 } },
  calls: [{ service: 'payments', dependency: 'payment_provider', outcomes: { failure: 5, short_circuited: 7 } }],
  transitions: [TRANSITION_EXAMPLE],
};

export const SCENARIO_RUN_SCHEMA = namedObject<ScenarioRun>('ScenarioRun', {
  description: 'One scenario run: its steps, the answers it got, the calls per dependency and the breaker transitions',
  properties: {
    id: uuid('The run'),
    scenario: oneOf(SCENARIO_NAMES, 'Which scenario'),
    title: str('Its title'),
    status: oneOf(['running', 'finished', 'failed'], 'Where the run is'),
    startedAt: dateTime('Start'),
    finishedAt: dateTime('End'),
    holdMs: int('How long the fault was held, ms', { minimum: 0, maximum: 120_000 }),
    steps: arrayOf(
      objectSchema<ScenarioRun['steps'][number]>({
        properties: { at: dateTime('When'), message: str('What the runner did') },
        example: RUN_EXAMPLE.steps[0],
      }),
      'What the runner did, in order',
    ),
    requests: mapOf(counts('By status code'), 'Answers of the gateway routes the scenario called, by route'),
    calls: arrayOf(
      objectSchema<DependencyCalls>({
        properties: {
          service: str('The service'),
          dependency: str('Its dependency'),
          outcomes: counts('Calls during the run by outcome'),
        },
        example: RUN_EXAMPLE.calls[0],
      }),
      'Calls per dependency during the run',
    ),
    transitions: arrayOf(TRANSITION, 'Breaker transitions seen during the run'),
    error: str('Why the run failed'),
  },
  optional: ['finishedAt', 'error'],
  example: RUN_EXAMPLE,
});

/** `GET /api/admin/scenarios`. */
export interface ScenarioList {
  scenarios: typeof SCENARIOS;
  runs: ScenarioRun[];
}

export const SCENARIO_LIST_SCHEMA = namedObject<ScenarioList>('ScenarioList', {
  description: 'The scenarios and the latest runs',
  properties: {
    scenarios: mapOf(
      objectSchema<(typeof SCENARIOS)[keyof typeof SCENARIOS]>({
        properties: {
          title: str('Its title'),
          what: str('What it does to the fleet'),
          defaultHoldMs: int('How long it holds its fault unless told, ms', { minimum: 0 }),
        },
        example: SCENARIOS['payment-outage'],
      }),
      'By scenario name',
    ),
    runs: arrayOf(SCENARIO_RUN_SCHEMA, 'The latest runs, newest first'),
  },
  example: { scenarios: SCENARIOS, runs: [RUN_EXAMPLE] },
});

const ADAPTIVE = objectSchema<AdaptiveView>({
  description: 'The self-tuning layers’ figures; null where the dependency does not use one',
  properties: {
    limit: nullable(count('The adaptive bulkhead’s concurrency limit now')),
    retryBudget: nullable(
      objectSchema<NonNullable<AdaptiveView['retryBudget']>>({
        properties: {
          balance: num('Retries the budget would allow now', { minimum: 0 }),
          allowed: count('Retries allowed since start'),
          refused: count('Retries refused since start'),
        },
        example: { balance: 10, allowed: 4, refused: 0 },
      }),
    ),
    hedges: nullable(counts('Hedged attempts since start, by result')),
  },
  example: { limit: null, retryBudget: null, hedges: null },
});

const DEPENDENCY_EXAMPLE: DependencyView = {
  dependency: 'payment_provider',
  circuit: 'closed',
  bulkhead: {
    active: 1,
    queued: 0,
    max: 8,
    lanes: {
      critical: { active: 1, queued: 0 },
      high: { active: 0, queued: 0 },
      normal: { active: 0, queued: 0 },
      low: { active: 0, queued: 0 },
    },
  },
  successRate: 0.99,
  recentCalls: 120,
  p95Ms: 250,
  calls: { success: 1180, failure: 12 },
  adaptive: { limit: null, retryBudget: null, hedges: null },
  deadlines: { notStarted: 0, cutOff: 2 },
  settings: SETTINGS_VIEW_EXAMPLE,
};

const DEPENDENCY = objectSchema<DependencyView>({
  properties: {
    dependency: str('The dependency'),
    circuit: oneOf(['closed', 'open', 'half-open', 'disabled', 'isolated', 'none'], '`none`: it has no breaker'),
    bulkhead: nullable(
      objectSchema<NonNullable<DependencyView['bulkhead']>>({
        properties: {
          active: count('Calls running'),
          queued: count('Calls waiting'),
          max: count('Capacity'),
          lanes: objectSchema<NonNullable<DependencyView['bulkhead']>['lanes']>({
            description: 'By priority lane',
            properties: Object.fromEntries(
              LANES.map((lane) => [
                lane,
                objectSchema<{ active: number; queued: number }>({
                  properties: { active: count('Running'), queued: count('Waiting') },
                  example: { active: 0, queued: 0 },
                }),
              ]),
            ) as Record<(typeof LANES)[number], ReturnType<typeof objectSchema>>,
            example: DEPENDENCY_EXAMPLE.bulkhead!.lanes,
          }),
        },
        example: DEPENDENCY_EXAMPLE.bulkhead!,
      }),
    ),
    successRate: nullable(num('Share of recent calls that succeeded (without fallback)', { minimum: 0, maximum: 1 })),
    recentCalls: count('Recent calls'),
    p95Ms: nullable(num('95th percentile latency of recent calls, ms (an upper bound, from histogram buckets)')),
    calls: counts('Calls since the process started, by outcome'),
    adaptive: ADAPTIVE,
    deadlines: DEADLINES_VIEW,
    settings: SETTINGS_VIEW,
  },
  example: DEPENDENCY_EXAMPLE,
});

const SERVICE_EXAMPLE: ServiceResilience = {
  service: 'payments',
  reachable: true,
  dependencies: [DEPENDENCY_EXAMPLE],
  expiredMessages: 0,
};

const SERVICE = objectSchema<ServiceResilience>({
  properties: {
    service: str('The service'),
    reachable: bool('False when its /metrics could not be read'),
    error: str('Why not reachable'),
    settingsError: str('Why its settings could not be read (asked of it over Kafka)'),
    dependencies: arrayOf(DEPENDENCY, 'Its dependencies'),
    expiredMessages: nullable(
      count(
        'Kafka messages it refused unread because their deadline had passed: requests whose asker had given up, saga actions past their step deadline (null: not reachable)',
      ),
    ),
  },
  optional: ['error', 'settingsError'],
  example: SERVICE_EXAMPLE,
});

const WRITE_BEHIND = objectSchema<WriteBehindView>({
  properties: {
    service: str('The service'),
    store: str('The write-behind store'),
    pending: count('Entries not yet in MySQL'),
    lagSeconds: num('Age of the oldest of them, s', { minimum: 0 }),
    deadLettered: count('Entries dead-lettered'),
  },
  example: { service: 'gateway', store: 'activity-logs', pending: 3, lagSeconds: 0.2, deadLettered: 0 },
});

const JOB_QUEUE = objectSchema<JobQueueView>({
  properties: {
    service: str('The service'),
    queue: str('The Bull queue'),
    compartment: str('Its compartment'),
    workers: count('Workers of its own'),
    waiting: count('Jobs waiting'),
    active: count('Jobs running'),
    delayed: count('Jobs delayed'),
    failed: count('Jobs failed'),
  },
  example: {
    service: 'notifications',
    queue: 'notifications',
    compartment: 'critical',
    workers: 4,
    waiting: 0,
    active: 1,
    delayed: 0,
    failed: 0,
  },
});

/** `GET /api/admin/dashboard/state`. */
export type DashboardState = FleetResilience & { runs: ScenarioRun[] };

export const DASHBOARD_STATE_SCHEMA = namedObject<DashboardState>('DashboardState', {
  description: 'What the dashboard polls: the fleet’s resilience figures and the latest scenario runs',
  properties: {
    at: dateTime('When the fleet was read'),
    services: arrayOf(SERVICE, 'Every service’s dependencies'),
    writeBehind: arrayOf(WRITE_BEHIND, 'Write-behind backlogs'),
    jobQueues: arrayOf(JOB_QUEUE, 'Compartmented job queues'),
    transitions: arrayOf(TRANSITION, 'Breaker transitions, newest first'),
    runs: arrayOf(SCENARIO_RUN_SCHEMA, 'The latest scenario runs'),
  },
  example: {
    at: AT,
    services: [SERVICE_EXAMPLE],
    writeBehind: [{ service: 'gateway', store: 'activity-logs', pending: 3, lagSeconds: 0.2, deadLettered: 0 }],
    jobQueues: [],
    transitions: [TRANSITION_EXAMPLE],
    runs: [RUN_EXAMPLE],
  },
});

/** `GET /api/admin/dashboard/sagas/:sagaId/trace`. */
export const SAGA_TRACE_SCHEMA = namedObject<SagaTrace>('SagaTrace', {
  description: "Where a saga's trace is in Zipkin",
  properties: {
    traceId: str('The W3C trace id (32 hex characters)', { pattern: '^[0-9a-f]{32}$' }),
    url: str('The trace page in the Zipkin UI', { format: 'uri' }),
  },
  example: {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    url: 'http://127.0.0.1:9411/zipkin/traces/4bf92f3577b34da6a3ce929d0e0e4736',
  },
});
