import { DEPENDENCY_SCHEMA } from './resilience-config';
import { Schema } from './schema';

/** A JSON Schema (the subset OpenAPI 3.0 shares with draft 2020-12) object. */
export interface JsonSchema {
  type?: 'object' | 'number' | 'integer' | 'boolean' | 'string';
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  description?: string;
  example?: unknown;
}

/**
 * The config schema as JSON Schema, for API docs: the same rules `validate` applies (unknown
 * keys refused, bounds, integers, enums), so a document that shows it cannot drift from the
 * validation a settings change goes through.
 */
export function toJsonSchema(schema: Schema): JsonSchema {
  switch (schema.type) {
    case 'number':
      return {
        type: schema.integer ? 'integer' : 'number',
        ...(schema.min !== undefined ? { minimum: schema.min } : {}),
        ...(schema.max !== undefined ? { maximum: schema.max } : {}),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string', ...(schema.maxLength !== undefined ? { maxLength: schema.maxLength } : {}) };
    case 'enum':
      return { type: 'string', enum: [...schema.values] };
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(schema.props).map(([key, child]) => [key, toJsonSchema(child)])),
        additionalProperties: false,
      };
    case 'map':
      return { type: 'object', additionalProperties: toJsonSchema(schema.values) };
  }
}

/** One dependency's settings (a file's `dependencies.<name>`, or a runtime settings change). */
export const DEPENDENCY_SETTINGS_JSON_SCHEMA: JsonSchema = toJsonSchema(DEPENDENCY_SCHEMA);
