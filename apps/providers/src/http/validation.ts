import { ValidationError } from './http-error';

/**
 * Field readers for JSON request bodies. Each returns the typed value or throws a
 * ValidationError naming the field, so a handler reads its input in a few declarative lines.
 */

export type JsonObject = Record<string, unknown>;

/** The body must be a JSON object (not an array, string or null). */
export function requireObject(body: unknown, field = 'body'): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError(field, `${field} must be a JSON object`);
  }
  return body as JsonObject;
}

/** Rejects keys outside `allowed`, so a typo (`latency` for `latencyMs`) is not silently ignored. */
export function rejectUnknownFields(body: JsonObject, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new ValidationError(unknown, `${unknown} is not a known field (allowed: ${allowed.join(', ')})`);
  }
}

export interface StringRules {
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  patternHint?: string;
}

export function readString(body: JsonObject, field: string, rules: StringRules = {}): string {
  const value = ownValue(body, field);
  if (value === undefined || value === null) throw new ValidationError(field, `${field} is required`);
  return checkString(value, field, rules);
}

export function readOptionalString(body: JsonObject, field: string, rules: StringRules = {}): string | undefined {
  const value = ownValue(body, field);
  if (value === undefined || value === null) return undefined;
  return checkString(value, field, rules);
}

function checkString(value: unknown, field: string, rules: StringRules): string {
  if (typeof value !== 'string') throw new ValidationError(field, `${field} must be a string`);
  const { minLength = 1, maxLength = 1000, pattern, patternHint } = rules;
  if (value.length < minLength) {
    throw new ValidationError(
      field,
      minLength === 1 ? `${field} must not be empty` : `${field} must have at least ${minLength} characters`,
    );
  }
  if (value.length > maxLength) throw new ValidationError(field, `${field} must have at most ${maxLength} characters`);
  if (pattern && !pattern.test(value)) {
    throw new ValidationError(field, `${field} must be ${patternHint ?? `a string matching ${pattern}`}`);
  }
  return value;
}

export interface NumberRules {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound (`amount > 0`). */
  greaterThan?: number;
  /** Inclusive upper bound. */
  max?: number;
  integer?: boolean;
  /** At most this many digits after the decimal point (2 for money in major units). */
  maxDecimals?: number;
}

export function readNumber(body: JsonObject, field: string, rules: NumberRules = {}): number {
  const value = ownValue(body, field);
  if (value === undefined || value === null) throw new ValidationError(field, `${field} is required`);
  return checkNumber(value, field, rules);
}

export function readOptionalNumber(body: JsonObject, field: string, rules: NumberRules = {}): number | undefined {
  const value = ownValue(body, field);
  if (value === undefined) return undefined;
  return checkNumber(value, field, rules);
}

function checkNumber(value: unknown, field: string, rules: NumberRules): number {
  // Strings such as "12.50" are refused on purpose: callers must send JSON numbers.
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(field, `${field} must be a finite number`);
  }
  if (rules.integer && !Number.isInteger(value)) throw new ValidationError(field, `${field} must be an integer`);
  if (rules.greaterThan !== undefined && !(value > rules.greaterThan)) {
    throw new ValidationError(field, `${field} must be greater than ${rules.greaterThan}`);
  }
  if (rules.min !== undefined && value < rules.min)
    throw new ValidationError(field, `${field} must be at least ${rules.min}`);
  if (rules.max !== undefined && value > rules.max)
    throw new ValidationError(field, `${field} must be at most ${rules.max}`);
  if (rules.maxDecimals !== undefined && !hasAtMostDecimals(value, rules.maxDecimals)) {
    throw new ValidationError(field, `${field} must have at most ${rules.maxDecimals} decimal places`);
  }
  return value;
}

function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  // Binary floating point: 0.29 * 100 is 28.999999999999996, so compare with a tolerance.
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export function readEnum<T extends string>(body: JsonObject, field: string, values: readonly T[]): T {
  const value = ownValue(body, field);
  if (value === undefined || value === null) throw new ValidationError(field, `${field} is required`);
  return checkEnum(value, field, values);
}

export function readOptionalEnum<T extends string>(
  body: JsonObject,
  field: string,
  values: readonly T[],
): T | undefined {
  const value = ownValue(body, field);
  if (value === undefined) return undefined;
  return checkEnum(value, field, values);
}

function checkEnum<T extends string>(value: unknown, field: string, values: readonly T[]): T {
  if (typeof value !== 'string' || !values.includes(value as T)) {
    throw new ValidationError(field, `${field} must be one of: ${values.join(', ')}`);
  }
  return value as T;
}

/** A body's own property: a field named like an `Object.prototype` member is not found there. */
function ownValue(body: JsonObject, field: string): unknown {
  return Object.hasOwn(body, field) ? body[field] : undefined;
}
