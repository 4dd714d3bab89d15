import { ValidationError } from '../http/http-error';
import { readOptionalEnum, readOptionalNumber, rejectUnknownFields, requireObject } from '../http/validation';

export const FAULT_MODES = ['up', 'down', 'hang'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** Upper bound for injected latency: one minute is longer than any timeout worth testing. */
export const MAX_LATENCY_MS = 60_000;

/** The fault configuration of one provider process. Applies to business routes only. */
export interface FaultSettings {
  /** Delay added before every business answer, in milliseconds (0..60000). */
  latencyMs: number;
  /** Probability (0..1) that a business request is answered 503 instead of being processed. */
  errorRate: number;
  /** `up` answers; `down` resets the connection at once; `hang` never answers. */
  mode: FaultMode;
  /** Seed for the error-rate dice, so a sequence of 503s is reproducible; null uses Math.random. */
  seed: number | null;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({ latencyMs: 0, errorRate: 0, mode: 'up', seed: null });

/**
 * Validates the body of `PUT /admin/faults`. Every field is optional; the result is a patch
 * merged over the current settings. Unknown fields are refused so a typo does not pass silently.
 */
export function parseFaultPatch(body: unknown): Partial<FaultSettings> {
  const input = requireObject(body);
  rejectUnknownFields(input, ['latencyMs', 'errorRate', 'mode', 'seed']);
  const patch: Partial<FaultSettings> = {};
  const latencyMs = readOptionalNumber(input, 'latencyMs', { integer: true, min: 0, max: MAX_LATENCY_MS });
  if (latencyMs !== undefined) patch.latencyMs = latencyMs;
  const errorRate = readOptionalNumber(input, 'errorRate', { min: 0, max: 1 });
  if (errorRate !== undefined) patch.errorRate = errorRate;
  const mode = readOptionalEnum(input, 'mode', FAULT_MODES);
  if (mode !== undefined) patch.mode = mode;
  if (input.seed === null) patch.seed = null;
  else {
    const seed = readOptionalNumber(input, 'seed', { integer: true, min: 0, max: 2 ** 32 - 1 });
    if (seed !== undefined) patch.seed = seed;
  }
  if (Object.keys(input).length === 0) {
    throw new ValidationError('body', 'expected at least one of latencyMs, errorRate, mode, seed');
  }
  return patch;
}

/**
 * mulberry32: a tiny, fast, well-distributed 32-bit PRNG. Returns numbers in [0, 1), so
 * `random() < errorRate` is never true for 0 and always true for 1.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
