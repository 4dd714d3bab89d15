import { DEFAULT_JSON_LIMIT, hardenedJsonParsers } from '@shop/platform';
import type { RequestHandler } from 'express';

import { apiErrorBody } from './api-error';
import { requestIdOf } from './request-id';

/** Largest request body the gateway reads; every API body we accept is a few hundred bytes. */
export const DEFAULT_BODY_LIMIT = DEFAULT_JSON_LIMIT;

/**
 * The fleet's hardened JSON edge (size 413, depth 400 BODY_TOO_DEEP, well-formed UTF-16 400
 * MALFORMED_UNICODE, malformed JSON 400) answering in the gateway's error shape. It runs before
 * Nest's own parsers, which then see the body as already read; its refusals never reach Nest's
 * filters, hence the answer is written here.
 */
export function limitedBodyParsers(limit: string = DEFAULT_BODY_LIMIT): RequestHandler[] {
  return hardenedJsonParsers({
    limit,
    respond: (req, res, refusal) => {
      res
        .status(refusal.status)
        .json(
          apiErrorBody(refusal.status, refusal.message, requestIdOf(req), { field: refusal.field, code: refusal.code }),
        );
    },
  });
}
