import { registerDecorator, ValidationOptions } from 'class-validator';

/** UTF-8 size of `value` serialised as JSON, or Infinity when it cannot be serialised. */
export function jsonByteLength(value: unknown): number {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY; // cycles, BigInt: refuse rather than guess
  }
}

/** The property's JSON must fit in `maxBytes` (UTF-8), so one field cannot fill a row or Redis. */
export function MaxJsonBytes(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'maxJsonBytes',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [maxBytes],
      options: { message: `$property must be at most ${maxBytes} bytes as JSON`, ...options },
      validator: { validate: (value: unknown) => value === undefined || jsonByteLength(value) <= maxBytes },
    });
}
