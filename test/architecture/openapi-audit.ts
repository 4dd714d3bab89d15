import SwaggerParser from '@apidevtools/swagger-parser';

/**
 * What "complete API docs" means for the gateway, as checks on its OpenAPI document (built in
 * a unit spec, and read from the running fleet's /docs-json in e2e). Each finding names the
 * operation and what it lacks.
 */

type Json = any;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_REF = '#/components/schemas/ApiError';

export interface Operation {
  key: string;
  method: string;
  path: string;
  op: Json;
}

export function operationsOf(doc: Json): Operation[] {
  return Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      method,
      path,
      op: item[method],
    })),
  );
}

/** Errors of the OpenAPI schema validator (@apidevtools/swagger-parser), none when valid. */
export async function validatorErrors(doc: Json): Promise<string[]> {
  try {
    // validate() dereferences its argument in place: give it a copy.
    await SwaggerParser.validate(structuredClone(doc));
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

function resolve(doc: Json, schema: Json): Json {
  let current = schema;
  for (let hops = 0; current?.$ref && hops < 10; hops++)
    current = doc.components?.schemas?.[String(current.$ref).replace('#/components/schemas/', '')];
  if (current?.allOf?.length === 1) return resolve(doc, current.allOf[0]);
  return current;
}

/** An answer schema: an object with properties and an example, or a list of such. */
function answerProblems(doc: Json, schema: Json, where: string): string[] {
  const s = resolve(doc, schema);
  if (!s) return [`${where}: no schema`];
  if (s.type === 'array') return answerProblems(doc, s.items, `${where}[]`);
  const problems: string[] = [];
  if (s.type !== 'object' || !s.properties || Object.keys(s.properties).length === 0)
    problems.push(`${where}: not an object schema with properties`);
  if (s.example === undefined) problems.push(`${where}: no example`);
  return problems;
}

/** An input value's schema has its limits: strings a length, pattern, format or enum; numbers both bounds. */
function limitProblems(doc: Json, schema: Json, where: string, depth = 0): string[] {
  const s = resolve(doc, schema);
  if (!s) return [`${where}: no schema`];
  if (depth > 6) return [];
  switch (s.type) {
    case 'string':
      return s.maxLength !== undefined || s.pattern || s.format || s.enum ? [] : [`${where}: string without limit`];
    case 'integer':
    case 'number':
      return s.minimum !== undefined && s.maximum !== undefined ? [] : [`${where}: number without both bounds`];
    case 'boolean':
      return [];
    case 'array':
      return [
        ...(s.maxItems === undefined ? [`${where}: array without maxItems`] : []),
        ...limitProblems(doc, s.items, `${where}[]`, depth + 1),
      ];
    case 'object': {
      const props = Object.entries<Json>(s.properties ?? {});
      if (props.length === 0 && s.additionalProperties === undefined) return [`${where}: object without properties`];
      const extra =
        typeof s.additionalProperties === 'object'
          ? limitProblems(doc, s.additionalProperties, `${where}.*`, depth + 1)
          : [];
      return [...extra, ...props.flatMap(([key, child]) => limitProblems(doc, child, `${where}.${key}`, depth + 1))];
    }
    default:
      return [`${where}: no type`];
  }
}

/** A request body: properties, an example, and limits on every value. */
function bodyProblems(doc: Json, op: Operation): string[] {
  const schema = op.op.requestBody?.content?.['application/json']?.schema;
  if (!schema) return [`${op.key}: request body without an application/json schema`];
  const s = resolve(doc, schema);
  const problems = limitProblems(doc, schema, `${op.key} body`);
  if (!s?.properties || Object.keys(s.properties).length === 0) problems.push(`${op.key} body: no properties`);
  if (op.op.requestBody.content['application/json'].example === undefined && !hasExample(doc, schema))
    problems.push(`${op.key} body: no example`);
  return problems;
}

/** An example for the whole value, or for each of its parts. */
function hasExample(doc: Json, schema: Json, depth = 0): boolean {
  const s = resolve(doc, schema);
  if (!s || depth > 6) return false;
  if (s.example !== undefined || s.enum || s.default !== undefined) return true;
  if (s.type === 'array') return hasExample(doc, s.items, depth + 1);
  const props = Object.values<Json>(s.properties ?? {});
  return props.length > 0 && props.every((p) => hasExample(doc, p, depth + 1));
}

export interface AuditOptions {
  /** Operations (`POST /api/orders`) whose handler reads a body: they must document it. */
  withBody?: ReadonlySet<string>;
}

/** Every finding of the completeness rules, each naming its operation; empty when complete. */
export function completenessProblems(doc: Json, options: AuditOptions = {}): string[] {
  const problems: string[] = [];
  const operations = operationsOf(doc);
  for (const key of options.withBody ?? [])
    if (!operations.some((o) => o.key === key)) problems.push(`${key}: reads a body but is not in the document`);
  for (const o of operations) {
    const { op, key } = o;
    const responses = Object.entries<Json>(op.responses ?? {});
    if (!op.summary) problems.push(`${key}: no summary`);
    const success = responses.filter(([status]) => /^2\d\d$/.test(status));
    if (success.length === 0) problems.push(`${key}: no 2xx answer`);
    for (const [status, answer] of success)
      problems.push(...answerProblems(doc, answer.content?.['application/json']?.schema, `${key} ${status}`));
    const errors = responses.filter(([status]) => /^[45]\d\d$/.test(status));
    if (!errors.some(([s]) => s.startsWith('4'))) problems.push(`${key}: no 4xx answer`);
    if (!errors.some(([s]) => s.startsWith('5'))) problems.push(`${key}: no 5xx answer`);
    for (const [status, answer] of errors) {
      if (answer.content?.['application/json']?.schema?.$ref !== ERROR_REF)
        problems.push(`${key} ${status}: not the ApiError body`);
      if (!answer.description) problems.push(`${key} ${status}: no description`);
    }
    const has = (status: string) => responses.some(([s]) => s === status);
    const params: Json[] = op.parameters ?? [];
    const inputs = params.filter((p) => p.in === 'path' || p.in === 'query');
    if ((inputs.length > 0 || op.requestBody) && !has('400')) problems.push(`${key}: takes input, documents no 400`);
    for (const p of params) problems.push(...limitProblems(doc, p.schema, `${key} ${p.in} ${p.name}`));
    if ((op.security ?? []).length > 0 && !(has('401') && has('403')))
      problems.push(`${key}: admin route without its 401 and 403`);
    if (op.requestBody) {
      problems.push(...bodyProblems(doc, o));
      if (!has('413')) problems.push(`${key}: takes a body, documents no 413`);
    } else if (options.withBody?.has(key)) problems.push(`${key}: reads a body it does not document`);
  }
  return problems;
}

export function headerOf(doc: Json, key: string, name: string): Json {
  const o = operationsOf(doc).find((candidate) => candidate.key === key);
  return (o?.op.parameters ?? []).find((p: Json) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
}
