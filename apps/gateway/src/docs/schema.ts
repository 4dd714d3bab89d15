import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * Named OpenAPI schemas for the gateway's answers. Answers are interfaces (many from
 * @shop/contracts), which `@nestjs/swagger` cannot see, so each is described here once with
 * {@link namedObject}: its property keys are checked against the interface by the compiler (a
 * field added to the interface and not here fails the build) and so is its example (it must be a
 * value of the interface). Controllers reference them with `ApiOkResponse({ schema })`;
 * `buildApiDocument` puts every registered schema into the document's components.
 */
const NAMED = new Map<string, SchemaObject>();

export type Schema = SchemaObject | ReferenceObject;

/** Every schema registered so far, for `components.schemas`. */
export function namedSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries(NAMED);
}

export const refTo = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

/** Keys of T that may be absent from the JSON (`?:` or `| undefined`), which the schema must not require. */
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

export interface ObjectSpec<T> {
  description?: string;
  /** One schema per property of T, no more, no less. */
  properties: { [K in keyof T]-?: Schema };
  /** T's optional properties: every other one is required. */
  optional?: readonly OptionalKeys<T>[];
  example: T;
}

/** An object schema whose keys (and example) the compiler checks against T. */
export function objectSchema<T extends object>(spec: ObjectSpec<T>): SchemaObject {
  const properties = spec.properties as Record<string, Schema>;
  const optional = new Set<string>((spec.optional ?? []) as readonly string[]);
  const required = Object.keys(properties).filter((key) => !optional.has(key));
  return {
    type: 'object',
    ...(spec.description ? { description: spec.description } : {}),
    properties,
    // OpenAPI 3.0 wants `required` absent rather than empty.
    ...(required.length > 0 ? { required } : {}),
    example: spec.example,
  };
}

/** Registers `objectSchema(spec)` under `name` and returns a reference to it. */
export function namedObject<T extends object>(name: string, spec: ObjectSpec<T>): ReferenceObject {
  if (NAMED.has(name)) throw new Error(`OpenAPI schema ${name} is defined twice`);
  NAMED.set(name, objectSchema(spec));
  return refTo(name);
}

// ---- property shorthands --------------------------------------------------------------------

export const str = (description: string, extra: SchemaObject = {}): SchemaObject => ({
  type: 'string',
  description,
  ...extra,
});
export const int = (description: string, extra: SchemaObject = {}): SchemaObject => ({
  type: 'integer',
  description,
  ...extra,
});
export const num = (description: string, extra: SchemaObject = {}): SchemaObject => ({
  type: 'number',
  description,
  ...extra,
});
export const bool = (description: string): SchemaObject => ({ type: 'boolean', description });
export const dateTime = (description: string): SchemaObject => str(description, { format: 'date-time' });
export const uuid = (description: string): SchemaObject => str(description, { format: 'uuid' });
export const oneOf = (values: readonly string[], description: string): SchemaObject =>
  str(description, { enum: [...values] });
export const arrayOf = (items: Schema, description?: string): SchemaObject => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
/** `{ [key: string]: values }` */
export const mapOf = (values: Schema, description: string): SchemaObject => ({
  type: 'object',
  description,
  additionalProperties: values,
});
/** OpenAPI 3.0 spells "or null" as `nullable`; a reference needs `allOf` to carry it. */
export const nullable = (schema: Schema): SchemaObject =>
  '$ref' in schema ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
/** Any JSON value (a message payload, a setting read from another process). */
export const anyJson = (description: string): SchemaObject => ({ description });
