import { Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { Attributes, trace } from '@opentelemetry/api';
import { Disposable, ResilienceEvent, ResilienceRegistry } from '@shop/resilience';

import { tracingEnabled } from './tracing-switch';

/**
 * The span event a resilience event becomes (`resilience.<type>`, attributes
 * `resilience.dependency` and the event's figures), or undefined for one that explains no call.
 */
export function spanEventOf(event: ResilienceEvent): { name: string; attributes: Attributes } | undefined {
  const base = { 'resilience.dependency': event.dependency };
  const named = (type: string, attributes: Attributes) => ({
    name: `resilience.${type}`,
    attributes: { ...base, ...attributes },
  });
  switch (event.type) {
    case 'circuit-state':
      return named('breaker-state', { 'resilience.breaker.from': event.from, 'resilience.breaker.to': event.to });
    case 'short-circuit':
      return named('short-circuit', { 'resilience.breaker.state': event.state });
    case 'bulkhead-queued':
      return named('bulkhead-queued', {
        'resilience.bulkhead.priority': event.priority,
        'resilience.bulkhead.waited_ms': Math.round(event.waitedMs * 1000) / 1000,
      });
    case 'bulkhead-rejected':
      return named('bulkhead-rejected', {
        'resilience.bulkhead.reason': event.reason,
        'resilience.bulkhead.priority': event.priority,
        'resilience.bulkhead.active': event.active,
        'resilience.bulkhead.queued': event.queued,
      });
    case 'timeout':
      return named('timeout', { 'resilience.timeout_ms': event.timeoutMs });
    case 'retry':
      return named('retry', { 'resilience.retry.attempt': event.attempt, 'resilience.retry.delay_ms': event.delayMs });
    case 'retry-budget-refused':
      return named('retry-budget-refused', { 'resilience.retry.attempt': event.attempt });
    case 'hedge':
      return named('hedge', { 'resilience.hedge.result': event.result, 'resilience.hedge.attempt': event.attempt });
    case 'fallback':
      return named('fallback', { 'resilience.fallback.cause': event.kind });
    default:
      return undefined; // settings-updated: not about a call
  }
}

/** Adds every resilience event of `registry` to the span active where it happens (the protected call's caller). */
export function recordResilienceEvents(registry: ResilienceRegistry): Disposable {
  return registry.onEvent((event) => {
    const span = trace.getActiveSpan();
    if (!span?.isRecording()) return;
    const spanEvent = spanEventOf(event);
    if (spanEvent) span.addEvent(spanEvent.name, spanEvent.attributes);
  });
}

/**
 * Subscribes {@link recordResilienceEvents} when tracing is on. Off, nothing listens: the
 * policies skip building their events altogether (`hasListeners`), as without this module.
 */
@Injectable()
export class ResilienceSpanEvents implements OnModuleInit, OnModuleDestroy {
  private subscription: Disposable | undefined;

  constructor(@Optional() private readonly registry?: ResilienceRegistry) {}

  onModuleInit(): void {
    if (this.registry && tracingEnabled(process.env)) this.subscription = recordResilienceEvents(this.registry);
  }

  onModuleDestroy(): void {
    this.subscription?.dispose();
  }
}
