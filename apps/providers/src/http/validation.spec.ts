import { ValidationError } from './http-error';
import {
  readEnum,
  readNumber,
  readOptionalNumber,
  readOptionalString,
  readString,
  rejectUnknownFields,
  requireObject,
} from './validation';

const fieldOf = (read: () => unknown): string | undefined => {
  try {
    read();
    return undefined;
  } catch (error) {
    return error instanceof ValidationError ? error.field : `not a ValidationError: ${String(error)}`;
  }
};

describe('validation readers', () => {
  it('requireObject refuses arrays, null and scalars', () => {
    expect(fieldOf(() => requireObject([]))).toBe('body');
    expect(fieldOf(() => requireObject(null))).toBe('body');
    expect(fieldOf(() => requireObject('x'))).toBe('body');
    expect(requireObject({ a: 1 })).toEqual({ a: 1 });
  });

  it('rejectUnknownFields names the first unknown key', () => {
    expect(fieldOf(() => rejectUnknownFields({ latency: 1 }, ['latencyMs']))).toBe('latency');
    expect(fieldOf(() => rejectUnknownFields({ latencyMs: 1 }, ['latencyMs']))).toBeUndefined();
  });

  it('readString checks presence, type, length and pattern', () => {
    expect(readString({ a: 'ok' }, 'a')).toBe('ok');
    expect(fieldOf(() => readString({}, 'a'))).toBe('a');
    expect(fieldOf(() => readString({ a: 1 }, 'a'))).toBe('a');
    expect(fieldOf(() => readString({ a: '' }, 'a'))).toBe('a');
    expect(fieldOf(() => readString({ a: 'abcd' }, 'a', { maxLength: 3 }))).toBe('a');
    expect(fieldOf(() => readString({ a: 'ab' }, 'a', { pattern: /^[A-Z]+$/ }))).toBe('a');
  });

  it('readOptionalString accepts absence but not a wrong type', () => {
    expect(readOptionalString({}, 'a')).toBeUndefined();
    expect(fieldOf(() => readOptionalString({ a: 3 }, 'a'))).toBe('a');
  });

  it('readNumber checks finiteness, bounds, integers and decimals', () => {
    expect(readNumber({ n: 0.29 }, 'n', { maxDecimals: 2 })).toBe(0.29);
    expect(readNumber({ n: 1000 }, 'n', { max: 1000 })).toBe(1000);
    expect(fieldOf(() => readNumber({ n: Number.NaN }, 'n'))).toBe('n');
    expect(fieldOf(() => readNumber({ n: '1' }, 'n'))).toBe('n');
    expect(fieldOf(() => readNumber({ n: 0 }, 'n', { greaterThan: 0 }))).toBe('n');
    expect(fieldOf(() => readNumber({ n: -1 }, 'n', { min: 0 }))).toBe('n');
    expect(fieldOf(() => readNumber({ n: 1.5 }, 'n', { integer: true }))).toBe('n');
    expect(fieldOf(() => readNumber({ n: 0.001 }, 'n', { maxDecimals: 2 }))).toBe('n');
  });

  it('readOptionalNumber treats null as a wrong type, not absence', () => {
    expect(readOptionalNumber({}, 'n')).toBeUndefined();
    expect(fieldOf(() => readOptionalNumber({ n: null }, 'n'))).toBe('n');
  });

  it('readEnum accepts listed values only', () => {
    expect(readEnum({ c: 'sms' }, 'c', ['email', 'sms'])).toBe('sms');
    expect(fieldOf(() => readEnum({ c: 'fax' }, 'c', ['email', 'sms']))).toBe('c');
  });

  it('produces the 400 validation body', () => {
    const error = new ValidationError('amount', 'amount must be positive');
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ error: 'validation', field: 'amount', message: 'amount must be positive' });
  });
});

describe('fields named like Object.prototype members', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'an absent %s is absent, not the inherited member',
    (field) => {
      expect(readOptionalString({}, field)).toBeUndefined();
      expect(() => readString({}, field)).toThrow(`${field} is required`);
    },
  );
});
