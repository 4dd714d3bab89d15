import { applyDecorators } from '@nestjs/common';
import { ApiResponse, ApiResponseOptions } from '@nestjs/swagger';

import type { ApiErrorBody } from '../common/api-error';
import { int, namedObject, str, uuid } from './schema';

/** The one error body every 4xx and 5xx of the gateway carries (see ApiExceptionFilter). */
export const API_ERROR_SCHEMA = namedObject<ApiErrorBody>('ApiError', {
  description: 'The body of every error answer',
  properties: {
    statusCode: int('The HTTP status, repeated', { minimum: 400, maximum: 599 }),
    error: str('The status’s reason phrase (`Bad Request`) or a domain code (`UNKNOWN_SKU`, `VALIDATION`)', {
      maxLength: 64,
    }),
    message: str('What went wrong, for a person'),
    field: str('The request field at fault, as a dotted path (`items.0.quantity`), for a bad input'),
    errorId: uuid('Only on a 500: quote it to find the logged stack'),
    requestId: str('The request’s correlation id, also in the `x-request-id` answer header', { maxLength: 64 }),
  },
  optional: ['field', 'errorId'],
  example: {
    statusCode: 400,
    error: 'VALIDATION',
    message: 'items.0.quantity must not be greater than 100',
    field: 'items.0.quantity',
    requestId: '6f1c2f9e-3b0a-4c5e-9d7a-1f2e3d4c5b6a',
  },
});

/** Error answers by status: what makes the route answer it. */
export type ErrorAnswers = Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503 | 504, string>>;

const errorResponse = (status: number, description: string): ApiResponseOptions => ({
  status,
  description,
  content: { 'application/json': { schema: API_ERROR_SCHEMA } },
});

/**
 * Documents a route's error answers, each with the error body. Every route also answers 429
 * (the per-client rate limit) and 500 (a bug); those are added to every operation as
 * {@link GLOBAL_ERROR_ANSWERS}.
 */
export function ApiErrors(answers: ErrorAnswers): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(answers).map(([status, description]) => ApiResponse(errorResponse(Number(status), description))),
  );
}

/** Answers any route can give, whatever it does. */
export const GLOBAL_ERROR_ANSWERS: ApiResponseOptions[] = [
  errorResponse(429, 'Over the per-client rate limit (`Retry-After` says when to come back)'),
  errorResponse(500, 'A bug: logged with its stack under `errorId`, nothing internal in the answer'),
];

/** The error answers of routes that ask a backend service over Kafka (see OrdersService.ask). */
export const BACKEND_ERRORS = {
  503: 'The backend service did not answer, or its circuit is open (`Retry-After` says when to retry)',
  504: 'The backend service did not answer within the route’s deadline',
} as const satisfies ErrorAnswers;

/** The error answers of a JSON body (the hardened parser and the validation pipe). */
export const BODY_ERRORS = {
  400: 'A bad field (named in `field`), an unknown field, malformed JSON, nesting over 32 deep (BODY_TOO_DEEP), a lone surrogate (MALFORMED_UNICODE) or a prototype key (FORBIDDEN_KEY)',
  413: 'Body over 64 kB',
} as const satisfies ErrorAnswers;
