import { DemoRun, describeCalls, describeRequests, mergeTransitions, runReport } from './demo-report';

describe('demo report', () => {
  it('says how many calls of a dependency succeeded and what happened to the others', () => {
    expect(describeCalls('payment_gateway', { success: 5, rejected: 3, failure: 0 })).toBe(
      'payment_gateway: 5/8 succeeded, 3 rejected by bulkhead',
    );
    expect(describeCalls('ml_advisor', { fallback: 4, short_circuited: 2 })).toBe(
      'ml_advisor: 0/6 succeeded, 4 answered by fallback, 2 short-circuited (breaker open)',
    );
  });

  it('lists the answers a route got by status', () => {
    expect(describeRequests('POST /api/orders', { 202: 37, 503: 3 })).toBe('POST /api/orders: 37× 202, 3× 503');
  });

  it('reports a run with its steps, calls (without the gateway’s compartments), transitions once each, and busy bulkheads', () => {
    const transition = {
      at: '2026-11-25T09:05:01.119Z',
      service: 'payments',
      dependency: 'payment_provider',
      from: 'closed',
      to: 'open',
    };
    const run: DemoRun = {
      scenario: 'payment-outage',
      title: 'Payment provider outage',
      status: 'finished',
      startedAt: '2026-11-25T09:05:00.000Z',
      finishedAt: '2026-11-25T09:05:20.500Z',
      steps: [{ at: '2026-11-25T09:05:00.010Z', message: 'fault payment_gateway: {"mode":"down"}' }],
      requests: { 'POST /api/orders': { 202: 14 } },
      calls: [
        { service: 'gateway', dependency: 'compartment_critical', outcomes: { success: 14 } },
        {
          service: 'payments',
          dependency: 'payment_provider',
          outcomes: { success: 10, failure: 2, short_circuited: 8 },
        },
      ],
      transitions: [transition],
    };
    const peaks = new Map([
      ['notifications/notification_provider', { active: 8, max: 8, queued: 3 }],
      ['gateway/reports', { active: 0, max: 2, queued: 0 }],
    ]);
    const seenLate = { ...transition, at: '2026-11-25T09:05:01.600Z' };
    expect(runReport(run, [seenLate], peaks)).toEqual([
      '== Payment provider outage (payment-outage): finished in 20.5 s',
      '  steps:',
      '    09:05:00 fault payment_gateway: {"mode":"down"}',
      '  requests through the gateway:',
      '    POST /api/orders: 14× 202',
      '  calls per dependency:',
      '    payments/payment_provider: 10/20 succeeded, 2 failed, 8 short-circuited (breaker open)',
      '  breaker transitions:',
      '    09:05:01 payments/payment_provider: closed → open',
      '  peak bulkhead use seen:',
      '    notifications/notification_provider: 8/8 active, 3 queued',
    ]);
  });

  it('keeps a transition seen by polling that the gateway did not record, and orders them by time', () => {
    const recorded = [
      { at: '2026-11-25T09:05:01.000Z', service: 'gateway', dependency: 'ml_advisor', from: 'closed', to: 'open' },
    ];
    const seen = [
      { at: '2026-11-25T09:05:01.400Z', service: 'gateway', dependency: 'ml_advisor', from: 'closed', to: 'open' },
      {
        at: '2026-11-25T09:05:00.500Z',
        service: 'payments',
        dependency: 'payment_provider',
        from: 'closed',
        to: 'open',
      },
    ];
    expect(mergeTransitions(recorded, seen).map((t) => t.service)).toEqual(['payments', 'gateway']);
  });
});
