import { AsyncLocalStorage } from 'node:async_hooks';

// Deadline propagation: the time a caller is still willing to wait travels with the call, so a
// downstream service stops working on a request whose caller has already given up. A deadline is
// an absolute time (epoch ms) held in async-local storage; `TimeoutPolicy` and `RetryPolicy` read
// it, so every dependency call made while handling the request is bounded by what is left.

/**
 * HTTP header with the caller's remaining budget in milliseconds, as gRPC's `grpc-timeout` and
 * Envoy's expected-timeout header do: relative, so the two hosts' clocks need not agree.
 */
export const TIMEOUT_HEADER = 'x-timeout-ms';

/**
 * Kafka header with the absolute deadline in epoch milliseconds. A message can wait in a topic
 * (or in an outbox) for longer than its budget, and only an absolute time says so on arrival;
 * it assumes the fleet's clocks are synchronised (NTP), as Kafka's own timestamps do.
 */
export const DEADLINE_HEADER = 'x-deadline';

/** Longest budget accepted from outside: anything above is a mistake or an attack, not a wait. */
export const MAX_PROPAGATED_TIMEOUT_MS = 24 * 60 * 60 * 1000;

const storage = new AsyncLocalStorage<number>();
// Reading async-local storage costs a little on every call; processes that never set a deadline
// (most users of the library) skip it.
let deadlinesInUse = false;

/**
 * Run `fn` with a deadline. A deadline already in force that is earlier wins: an inner call
 * never gets more time than its caller has left. `undefined` runs `fn` with the current one.
 */
export function runWithDeadline<T>(deadlineAt: number | undefined, fn: () => T): T {
  if (deadlineAt === undefined || Number.isNaN(deadlineAt)) return fn();
  deadlinesInUse = true;
  const outer = storage.getStore();
  return storage.run(outer !== undefined && outer < deadlineAt ? outer : deadlineAt, fn);
}

/** The deadline in force (epoch ms), if any. */
export function currentDeadline(): number | undefined {
  return deadlinesInUse ? storage.getStore() : undefined;
}

/** Milliseconds left before the deadline in force (0 when past), or undefined without one. */
export function remainingMs(now = Date.now()): number | undefined {
  const deadline = currentDeadline();
  return deadline === undefined ? undefined : Math.max(0, deadline - now);
}

/** The value of {@link TIMEOUT_HEADER} for an outgoing HTTP call, or undefined without a deadline. */
export function timeoutHeaderValue(now = Date.now()): string | undefined {
  const left = remainingMs(now);
  return left === undefined ? undefined : String(Math.floor(left));
}

/** Headers for an outgoing HTTP call: `{ 'x-timeout-ms': left }` under a deadline, `{}` without. */
export function deadlineHttpHeaders(now = Date.now()): Record<string, string> {
  const value = timeoutHeaderValue(now);
  return value === undefined ? {} : { [TIMEOUT_HEADER]: value };
}

/** The value of {@link DEADLINE_HEADER} for an outgoing message, or undefined without a deadline. */
export function deadlineHeaderValue(): string | undefined {
  const deadline = currentDeadline();
  return deadline === undefined ? undefined : String(deadline);
}

export type ParsedTimeout = { ok: true; timeoutMs: number | undefined } | { ok: false; problem: string };

/**
 * Reads {@link TIMEOUT_HEADER}: absent is fine (no deadline); present, it must be a whole number
 * of milliseconds from 1 to {@link MAX_PROPAGATED_TIMEOUT_MS}, so an edge can refuse it by name.
 */
export function parseTimeoutHeader(value: unknown): ParsedTimeout {
  if (value === undefined) return { ok: true, timeoutMs: undefined };
  const text = Array.isArray(value) ? undefined : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !/^\d{1,9}$/.test(text))
    return { ok: false, problem: `${TIMEOUT_HEADER} must be a whole number of milliseconds` };
  const ms = Number(text);
  if (ms < 1 || ms > MAX_PROPAGATED_TIMEOUT_MS)
    return { ok: false, problem: `${TIMEOUT_HEADER} must be between 1 and ${MAX_PROPAGATED_TIMEOUT_MS}` };
  return { ok: true, timeoutMs: ms };
}

/**
 * Reads {@link DEADLINE_HEADER} from a Kafka message (string or Buffer). A malformed value, or one
 * implausibly far from now, is ignored rather than trusted: the message is then handled as one
 * without a deadline, which is what every message was before deadlines existed.
 */
export function parseDeadlineHeader(value: unknown, now = Date.now()): number | undefined {
  const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('latin1') : undefined;
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  const deadline = Number(text);
  return Math.abs(deadline - now) <= MAX_PROPAGATED_TIMEOUT_MS ? deadline : undefined;
}
