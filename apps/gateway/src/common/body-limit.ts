import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, urlencoded } from 'express';

import { apiErrorBody } from './api-error';
import { requestIdOf } from './request-id';

/** Largest request body the gateway reads; every API body we accept is a few hundred bytes. */
export const DEFAULT_BODY_LIMIT = '64kb';

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/**
 * JSON and form body parsers with a size limit, answering parser errors (413 too large, 400
 * malformed JSON, 415 unknown charset) in the gateway's error shape. They run before Nest's own
 * parsers, which then see the body as already read; errors here never reach Nest's filters,
 * hence the answer is written here.
 */
export function limitedBodyParsers(limit: string = DEFAULT_BODY_LIMIT): RequestHandler[] {
  return [json({ limit }), urlencoded({ limit, extended: false })].map(
    (parser) => (req: Request, res: Response, next: NextFunction) => {
      parser(req, res, (error?: unknown) => {
        if (!error) return next();
        const e = error as BodyParserError;
        const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
        const message =
          e.type === 'entity.too.large'
            ? `request body is larger than ${limit}`
            : e.type === 'entity.parse.failed'
              ? 'request body is not valid JSON'
              : e.message;
        res
          .status(status)
          .json(
            apiErrorBody(
              status,
              message,
              requestIdOf(req),
              e.type === 'entity.parse.failed' || e.type === 'entity.too.large' ? { field: 'body' } : {},
            ),
          );
      });
    },
  );
}
