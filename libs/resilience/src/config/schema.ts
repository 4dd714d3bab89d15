/** A minimal structural schema: enough to name the exact key path of every problem. */
export type Schema =
  | { readonly type: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean }
  | { readonly type: 'boolean' }
  | { readonly type: 'string'; readonly maxLength?: number }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'object'; readonly props: Readonly<Record<string, Schema>> }
  | { readonly type: 'map'; readonly values: Schema };

export interface Problem {
  path: string;
  message: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collect every mismatch between `value` and `schema`, each with its dotted key path. */
export function validate(value: unknown, schema: Schema, path: string, problems: Problem[] = []): Problem[] {
  switch (schema.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        problems.push({ path, message: `expected a number, got ${describe(value)}` });
      else if (schema.integer && !Number.isInteger(value))
        problems.push({ path, message: `expected an integer, got ${value}` });
      else if (schema.min !== undefined && value < schema.min)
        problems.push({ path, message: `must be >= ${schema.min}, got ${value}` });
      else if (schema.max !== undefined && value > schema.max)
        problems.push({ path, message: `must be <= ${schema.max}, got ${value}` });
      break;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push({ path, message: `expected a boolean, got ${describe(value)}` });
      break;
    case 'string':
      if (typeof value !== 'string') problems.push({ path, message: `expected a string, got ${describe(value)}` });
      else if (schema.maxLength !== undefined && value.length > schema.maxLength)
        problems.push({ path, message: `must be at most ${schema.maxLength} characters, got ${value.length}` });
      break;
    case 'enum':
      if (typeof value !== 'string' || !schema.values.includes(value))
        problems.push({ path, message: `expected one of ${schema.values.join('|')}, got ${describe(value)}` });
      break;
    case 'object':
      if (!isPlainObject(value)) {
        problems.push({ path, message: `expected a mapping, got ${describe(value)}` });
        break;
      }
      for (const [k, v] of Object.entries(value)) {
        // Own keys only: `constructor` or `__proto__` must not find an Object.prototype member.
        const child = Object.hasOwn(schema.props, k) ? schema.props[k] : undefined;
        if (!child) problems.push({ path: `${path}.${k}`, message: 'unknown key' });
        else validate(v, child, `${path}.${k}`, problems);
      }
      break;
    case 'map':
      if (!isPlainObject(value)) {
        problems.push({ path, message: `expected a mapping, got ${describe(value)}` });
        break;
      }
      for (const [k, v] of Object.entries(value)) validate(v, schema.values, `${path}.${k}`, problems);
      break;
  }
  return problems;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'object') return 'a mapping';
  return typeof v === 'number' || typeof v === 'boolean' ? `${typeof v} ${v}` : typeof v;
}

/** Recursively merge plain objects; `override` wins; arrays and scalars are replaced. */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (k === '__proto__') continue; // never a setting; assigning it would swap the prototype
    out[k] = Object.hasOwn(out, k) ? deepMerge(out[k], v) : v;
  }
  return out as T;
}
