import { ValidateIf } from 'class-validator';

/**
 * Like `@IsOptional()`, but only an absent field skips validation: `null` is a value, and the
 * validators beside it refuse it (`{"mode": null}` is a 400 naming `mode`, not "no change").
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_: object, value: unknown) => value !== undefined);
}
