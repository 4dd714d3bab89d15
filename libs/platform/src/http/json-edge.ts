import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, urlencoded } from 'express';

/** Deepest JSON nesting any API body needs (an order is 3 levels); deeper is refused before validation. */
export const MAX_JSON_DEPTH = 32;
/** Largest request body an edge reads; every API body we accept is a few hundred bytes. */
export const DEFAULT_JSON_LIMIT = '64kb';

/** Why the edge refused a body, before any controller, pipe or validator saw it. */
export interface EdgeRefusal {
  status: number;
  /** `BODY_TOO_DEEP`, `MALFORMED_UNICODE` or `FORBIDDEN_KEY`; absent when the status says it all (413, malformed JSON). */
  code?: string;
  message: string;
  /** The field at fault as a dotted path, or `body` for the body as a whole. */
  field: string;
}

/** Writes a refusal in the app's own error shape (the default is `{ statusCode, error, message, field }`). */
export type EdgeResponder = (req: Request, res: Response, refusal: EdgeRefusal) => void;

export interface JsonEdgeOptions {
  limit?: string;
  maxDepth?: number;
  respond?: EdgeResponder;
}

const defaultResponder: EdgeResponder = (_req, res, refusal) => {
  res.status(refusal.status).json({
    statusCode: refusal.status,
    error: refusal.code ?? (refusal.status === 413 ? 'Payload Too Large' : 'Bad Request'),
    message: refusal.message,
    field: refusal.field,
  });
};

class EdgeError extends Error {
  constructor(readonly refusal: EdgeRefusal) {
    super(refusal.message);
  }
}

// String.prototype.isWellFormed (Node 20) is not in the compiler's lib yet.
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

const tooDeep = (maxDepth: number): EdgeRefusal => ({
  status: 400,
  code: 'BODY_TOO_DEEP',
  message: `request body nests deeper than ${maxDepth} levels`,
  field: 'body',
});

/**
 * Deepest nesting of a JSON text, counted on the raw bytes (brackets outside strings) so a
 * hostile body is refused before it is parsed into thousands of nested objects. Stops counting
 * past `stopAt`.
 */
export function jsonTextDepth(text: Buffer | string, stopAt = Infinity): number {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest && (deepest = depth) > stopAt) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * The first hazard in a parsed body: nesting deeper than `maxDepth`, or a string (value or key)
 * that is not well-formed UTF-16 (a lone surrogate, which no database column or JSON CHECK
 * accepts). Walks iteratively, so no body can exhaust the stack here.
 */
export function findJsonHazard(value: unknown, maxDepth = MAX_JSON_DEPTH): EdgeRefusal | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isWellFormed(v)) return malformed(path);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > maxDepth) return tooDeep(maxDepth);
    for (const [key, child] of Object.entries(v)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!isWellFormed(key)) return malformed(path || 'body');
      if (FORBIDDEN_KEYS.has(key)) return forbiddenKey(childPath);
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Keys naming Object.prototype members (and `prototype`). No API field is called so, and
 * class-validator's whitelist looks them up on plain objects, where they are always "known":
 * `{"payment": {"constructor": 1, …}}` got through forbidNonWhitelisted. Refused at the edge.
 */
const FORBIDDEN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const forbiddenKey = (field: string): EdgeRefusal => ({
  status: 400,
  code: 'FORBIDDEN_KEY',
  message: `${field} is not a field any request may have`,
  field,
});

const malformed = (field: string): EdgeRefusal => ({
  status: 400,
  code: 'MALFORMED_UNICODE',
  message: `${field || 'body'} holds a string that is not well-formed UTF-16 (a lone surrogate)`,
  field: field || 'body',
});

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/**
 * The hardened JSON edge every Nest app that accepts HTTP installs before Nest's own parsers
 * (which then see the body as read): a size limit (413), nesting at most `maxDepth` deep, counted
 * before parsing (400 `BODY_TOO_DEEP`), strict JSON (objects and arrays only; 400 otherwise) and
 * well-formed UTF-16 in every string and key (400 `MALFORMED_UNICODE`, naming the field). Form
 * bodies get the same limit. Validation pipes therefore never recurse through a hostile body.
 */
export function hardenedJsonParsers(options: JsonEdgeOptions = {}): RequestHandler[] {
  const limit = options.limit ?? DEFAULT_JSON_LIMIT;
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const respond = options.respond ?? defaultResponder;
  const verify = (_req: unknown, _res: unknown, buf: Buffer): void => {
    if (jsonTextDepth(buf, maxDepth) > maxDepth) throw new EdgeError(tooDeep(maxDepth));
  };
  const parsers = [json({ limit, verify }), urlencoded({ limit, extended: false })];
  return parsers.map((parser) => (req: Request, res: Response, next: NextFunction) => {
    parser(req, res, (error?: unknown) => {
      if (!error) {
        const body: unknown = req.body;
        const hazard = body !== undefined ? findJsonHazard(body, maxDepth) : undefined;
        if (hazard) return respond(req, res, hazard);
        return next();
      }
      respond(req, res, refusalOf(error, limit));
    });
  });
}

function refusalOf(error: unknown, limit: string): EdgeRefusal {
  if (error instanceof EdgeError) return error.refusal;
  const e = error as BodyParserError;
  if (e.type === 'entity.too.large')
    return { status: 413, message: `request body is larger than ${limit}`, field: 'body' };
  if (e.type === 'entity.parse.failed')
    return { status: 400, message: 'request body is not valid JSON', field: 'body' };
  const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
  return { status, message: e.message || 'request body cannot be read', field: 'body' };
}
