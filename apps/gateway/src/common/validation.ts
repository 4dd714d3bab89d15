import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** A 400 that names the request field at fault. */
export class FieldValidationException extends BadRequestException {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super({ message, field });
  }
}

/** The first failing leaf of a class-validator error tree, with its dotted path. */
export function firstFieldError(
  errors: ValidationError[],
  parent = '',
): { field: string; message: string } | undefined {
  for (const error of errors) {
    // A key may be the empty string (`?=x`, `{"": 1}`): name it so the answer still says which.
    const property = error.property === '' ? '""' : error.property;
    const field = parent ? `${parent}.${property}` : property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) {
      // forbidNonWhitelisted says "property x should not exist": keep it, it names the field.
      return { field, message: messages.join('; ') };
    }
    const nested = firstFieldError(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Global validation: unknown properties are refused (not silently dropped), values are converted
 * to the DTO's types, and a failure answers 400 naming the first bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const first = firstFieldError(errors) ?? { field: 'body', message: 'request is not valid' };
      return new FieldValidationException(first.field, first.message);
    },
  });
}
