import { ValidationError } from '@nestjs/common';

import { firstFieldError } from './validation';

const error = (
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError => ({ property, constraints, children });

describe('firstFieldError', () => {
  it('names a top-level field with its messages', () => {
    expect(firstFieldError([error('mode', { isIn: 'mode must be one of up, down' })])).toEqual({
      field: 'mode',
      message: 'mode must be one of up, down',
    });
  });

  it('walks nested objects and arrays to a dotted path', () => {
    const nested = error('items', undefined, [
      error('0', undefined, [error('quantity', { min: 'quantity must not be less than 1' })]),
    ]);
    expect(firstFieldError([nested])).toEqual({
      field: 'items.0.quantity',
      message: 'quantity must not be less than 1',
    });
  });

  it('names a property that should not be there', () => {
    expect(
      firstFieldError([error('surprise', { whitelistValidation: 'property surprise should not exist' })])?.field,
    ).toBe('surprise');
  });

  it('returns undefined when nothing failed', () => {
    expect(firstFieldError([])).toBeUndefined();
  });
});
