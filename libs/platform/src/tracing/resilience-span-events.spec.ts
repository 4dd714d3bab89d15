import { ResilienceEvent } from '@shop/resilience';

import { spanEventOf } from './resilience-span-events';

describe('resilience events as span events', () => {
  const cases: Array<[ResilienceEvent, string, Record<string, unknown>]> = [
    [
      { type: 'circuit-state', dependency: 'carrier', from: 'closed', to: 'open' } as ResilienceEvent,
      'resilience.breaker-state',
      { 'resilience.breaker.from': 'closed', 'resilience.breaker.to': 'open' },
    ],
    [
      { type: 'short-circuit', dependency: 'carrier', state: 'open' },
      'resilience.short-circuit',
      { 'resilience.breaker.state': 'open' },
    ],
    [
      { type: 'bulkhead-queued', dependency: 'carrier', priority: 'high', waitedMs: 12.34567 },
      'resilience.bulkhead-queued',
      { 'resilience.bulkhead.priority': 'high', 'resilience.bulkhead.waited_ms': 12.346 },
    ],
    [
      { type: 'timeout', dependency: 'carrier', timeoutMs: 800 },
      'resilience.timeout',
      { 'resilience.timeout_ms': 800 },
    ],
    [
      { type: 'retry', dependency: 'carrier', attempt: 2, delayMs: 150 },
      'resilience.retry',
      { 'resilience.retry.attempt': 2, 'resilience.retry.delay_ms': 150 },
    ],
    [
      { type: 'fallback', dependency: 'carrier', kind: 'broken-circuit' },
      'resilience.fallback',
      { 'resilience.fallback.cause': 'broken-circuit' },
    ],
  ];

  it.each(cases)('%j → %s', (event, name, attributes) => {
    expect(spanEventOf(event)).toEqual({
      name,
      attributes: { 'resilience.dependency': 'carrier', ...attributes },
    });
  });

  it('leaves out what is not about a call (settings updates)', () => {
    expect(spanEventOf({ type: 'settings-updated', dependency: 'carrier', settings: {} })).toBe(undefined);
  });
});
