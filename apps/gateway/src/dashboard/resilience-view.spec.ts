import { parsePrometheusText } from './prometheus-text';
import {
  adaptiveOf,
  adaptiveViews,
  callCounts,
  CallWindow,
  deadlinesOf,
  deadlineViews,
  expiredMessages,
  gaugeViews,
  quantileMs,
} from './resilience-view';

const page = (calls: { success: number; failure: number }, buckets: number[]) =>
  parsePrometheusText(
    [
      `resilience_calls_total{dependency="payment_provider",outcome="success"} ${calls.success}`,
      `resilience_calls_total{dependency="payment_provider",outcome="failure"} ${calls.failure}`,
      ...['0.01', '0.1', '1', '+Inf'].map(
        (le, i) => `resilience_call_duration_seconds_bucket{dependency="payment_provider",le="${le}"} ${buckets[i]}`,
      ),
      'resilience_circuit_state{dependency="payment_provider"} 1',
      'resilience_bulkhead_max{dependency="payment_provider"} 16',
      'resilience_bulkhead_active{dependency="payment_provider",lane="critical"} 2',
      'resilience_bulkhead_active{dependency="payment_provider",lane="low"} 1',
      'resilience_bulkhead_queued{dependency="payment_provider",lane="low"} 4',
      'resilience_circuit_state{dependency="cache_free"} 0',
    ].join('\n'),
    ['resilience_'],
  );

describe('gaugeViews', () => {
  it('reads breaker state and bulkhead use per lane', () => {
    const views = gaugeViews(page({ success: 0, failure: 0 }, [0, 0, 0, 0]));
    expect(views.get('payment_provider')).toEqual({
      circuit: 'open',
      bulkhead: {
        active: 3,
        queued: 4,
        max: 16,
        lanes: {
          critical: { active: 2, queued: 0 },
          high: { active: 0, queued: 0 },
          normal: { active: 0, queued: 0 },
          low: { active: 1, queued: 4 },
        },
      },
    });
    expect(views.get('cache_free')).toEqual({ circuit: 'closed', bulkhead: null });
  });
});

describe('adaptiveViews', () => {
  it('reads the adaptive limit, the retry budget and the hedges per dependency', () => {
    const views = adaptiveViews(
      parsePrometheusText(
        [
          'resilience_bulkhead_limit{dependency="payment_provider"} 12',
          'resilience_retry_budget_balance{dependency="payment_provider"} 7.5',
          'resilience_retry_budget_total{dependency="payment_provider",decision="allowed"} 3',
          'resilience_retry_budget_total{dependency="payment_provider",decision="refused"} 40',
          'resilience_hedge_total{dependency="ml_advisor",result="started"} 9',
          'resilience_hedge_total{dependency="ml_advisor",result="won"} 4',
          'resilience_circuit_state{dependency="carrier"} 0',
        ].join('\n'),
        ['resilience_'],
      ),
    );
    expect(adaptiveOf(views, 'payment_provider')).toEqual({
      limit: 12,
      retryBudget: { balance: 7.5, allowed: 3, refused: 40 },
      hedges: null,
    });
    expect(adaptiveOf(views, 'ml_advisor')).toEqual({ limit: null, retryBudget: null, hedges: { started: 9, won: 4 } });
    expect(adaptiveOf(views, 'carrier')).toEqual({ limit: null, retryBudget: null, hedges: null });
  });
});

describe('deadline views', () => {
  const samples = parsePrometheusText(
    [
      'resilience_deadline_exceeded_total{dependency="payment_provider",stage="not_started"} 2',
      'resilience_deadline_exceeded_total{dependency="payment_provider",stage="cut_off"} 7',
      'resilience_deadline_exceeded_total{dependency="carrier",stage="cut_off"} 1',
      'kafka_messages_total{topic="orders.get",direction="consumed",outcome="expired"} 3',
      'kafka_messages_total{topic="system.status.orders",direction="consumed",outcome="expired"} 1',
      'kafka_messages_total{topic="orders.get",direction="consumed",outcome="success"} 90',
      'kafka_messages_total{topic="orders.get",direction="produced",outcome="expired"} 50',
    ].join('\n'),
    ['resilience_', 'kafka_messages_total'],
  );

  it('reads the calls each dependency’s callers’ deadlines refused or cut off', () => {
    const views = deadlineViews(samples);
    expect(deadlinesOf(views, 'payment_provider')).toEqual({ notStarted: 2, cutOff: 7 });
    expect(deadlinesOf(views, 'carrier')).toEqual({ notStarted: 0, cutOff: 1 });
    expect(deadlinesOf(views, 'ml_advisor')).toEqual({ notStarted: 0, cutOff: 0 });
  });

  it('adds up the messages a service dropped unread for an expired deadline, on every topic', () => {
    expect(expiredMessages(samples)).toBe(4);
    expect(expiredMessages([])).toBe(0);
  });
});

describe('quantileMs', () => {
  it('answers the upper bound of the bucket holding the quantile', () => {
    expect(
      quantileMs(
        [
          [0.01, 50],
          [0.1, 96],
          [1, 100],
          [Infinity, 100],
        ],
        0.95,
      ),
    ).toBe(100);
    expect(
      quantileMs(
        [
          [0.01, 96],
          [0.1, 96],
          [1, 100],
          [Infinity, 100],
        ],
        0.95,
      ),
    ).toBe(10);
  });

  it('answers the largest finite bound when the quantile is beyond it, and null without calls', () => {
    expect(
      quantileMs(
        [
          [0.01, 0],
          [1, 1],
          [Infinity, 10],
        ],
        0.95,
      ),
    ).toBe(1000);
    expect(
      quantileMs(
        [
          [0.01, 0],
          [Infinity, 0],
        ],
        0.95,
      ),
    ).toBeNull();
  });
});

describe('CallWindow', () => {
  it('describes the calls between the oldest snapshot in the window and the newest', () => {
    const window = new CallWindow(10_000);
    window.record(0, callCounts(page({ success: 100, failure: 0 }, [100, 100, 100, 100])));
    window.record(5_000, callCounts(page({ success: 103, failure: 7 }, [103, 103, 110, 110])));
    expect(window.recent('payment_provider')).toEqual({ successRate: 0.3, recentCalls: 10, p95Ms: 1000 });
  });

  it('forgets snapshots older than the window', () => {
    const window = new CallWindow(10_000);
    window.record(0, callCounts(page({ success: 0, failure: 50 }, [50, 50, 50, 50])));
    window.record(11_000, callCounts(page({ success: 0, failure: 50 }, [50, 50, 50, 50])));
    window.record(22_000, callCounts(page({ success: 10, failure: 50 }, [60, 60, 60, 60])));
    expect(window.recent('payment_provider')).toEqual({ successRate: 1, recentCalls: 10, p95Ms: 10 });
  });

  it('has no figures without recent calls, and restarts when a process restarted', () => {
    const window = new CallWindow(10_000);
    expect(window.recent('payment_provider')).toEqual({ successRate: null, recentCalls: 0, p95Ms: null });
    window.record(0, callCounts(page({ success: 500, failure: 0 }, [500, 500, 500, 500])));
    window.record(1_000, callCounts(page({ success: 2, failure: 0 }, [2, 2, 2, 2])));
    expect(window.recent('payment_provider')).toEqual({ successRate: null, recentCalls: 0, p95Ms: null });
    window.record(2_000, callCounts(page({ success: 3, failure: 1 }, [4, 4, 4, 4])));
    expect(window.recent('payment_provider')).toMatchObject({ successRate: 0.5, recentCalls: 2 });
  });
});
