import { Transform } from 'class-transformer';

const DECIMAL_INTEGER = /^-?(0|[1-9][0-9]{0,14})$/;

/**
 * A query or path integer parsed strictly: only plain decimal digits become a number (`'5'` → 5);
 * anything else (`'0x10'`, `' 5'`, `'5e1'`, `''`, a repeated parameter) stays as it came, so the
 * `@IsInt()` beside it refuses it with a message naming the field. Unlike `@Type(() => Number)`,
 * which reads `'0x10'` as 16 and `' 5'` as 5.
 */
export function ToStrictInt(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value,
  );
}

/** The same rule for code that reads a string itself. */
export function parseStrictInt(value: string): number | undefined {
  return DECIMAL_INTEGER.test(value) ? Number(value) : undefined;
}
