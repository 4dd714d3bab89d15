import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { CORRELATION_ID_HEADER, FIELD_LIMITS } from '@shop/contracts';
import type { NextFunction, Request, Response } from 'express';

/** Header clients may send (and always get back) to name one request. */
export const REQUEST_ID_HEADER = 'x-request-id';

// At most as long as the column the correlation id is stored in (outbox.correlation_id).
const ACCEPTABLE_ID = new RegExp(`^[A-Za-z0-9._:-]{1,${FIELD_LIMITS.correlationId}}$`);

/**
 * Gives every request an id before anything else runs: the client's `x-request-id` (or
 * `x-correlation-id`) when it looks like an id, a fresh UUID otherwise. The id is written into
 * the correlation header, so the platform's middleware opens its correlation scope with it —
 * logs and outgoing Kafka/HTTP headers then carry the same id — and echoed in the response.
 * Ids that are not plain tokens are replaced, so a client cannot inject text into our logs.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  assignRequestId(req, res);
  next();
}

/** What requestIdMiddleware does, on plain Node objects (for answers given before Express runs); returns the id. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const offered = headerValue(req, REQUEST_ID_HEADER) ?? headerValue(req, CORRELATION_ID_HEADER);
  const id = offered && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
  req.headers[CORRELATION_ID_HEADER] = id;
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  res.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The id `requestIdMiddleware` gave this request. */
export function requestIdOf(req: Pick<Request, 'headers'>): string {
  const id = req.headers[REQUEST_ID_HEADER];
  return typeof id === 'string' ? id : 'unknown';
}
