import { randomUUID } from 'node:crypto';

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import {
  BulkheadRejectedError,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isRateLimitedError,
  isResilienceConfigError,
  isTimeoutError,
} from '@shop/resilience';
import type { Request, Response } from 'express';

import { ApiErrorBody, apiErrorBody, reasonPhrase } from './api-error';
import { requestIdOf } from './request-id';
import { UpstreamError } from './upstream';

/**
 * The one place errors become HTTP answers, all in one shape
 * `{ statusCode, error, message, field?, requestId }`:
 * - Nest HTTP exceptions keep their status (validation ones carry `field`; a 503 gets Retry-After: 1);
 * - resilience errors: bulkhead full → 503, open circuit → 503, rate limited → 429 (each with
 *   Retry-After), timeout → 504, a failed upstream → 502; a bad resilience setting → 400 naming the key;
 * - anything else is a bug: logged with its stack under a fresh `errorId`, answered 500 with
 *   that id and nothing about the internals.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = requestIdOf(req);
    if (res.headersSent) return;

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const { message, field, code } = describeHttpException(exception);
      // A 503 (a backend that did not answer, a store that is down) is always "come back
      // shortly": say when, as the resilience refusals below do.
      if (status === 503) res.setHeader('Retry-After', '1');
      res.status(status).json(apiErrorBody(status, message, requestId, { field, code }));
      return;
    }
    if (isBulkheadRejectedError(exception)) {
      sendBulkheadRejection(res, exception, requestId);
      return;
    }
    if (isBrokenCircuitError(exception)) {
      const seconds =
        exception.retryAt === undefined ? 30 : Math.max(1, Math.ceil((exception.retryAt - Date.now()) / 1000));
      res.setHeader('Retry-After', String(seconds));
      res
        .status(503)
        .json(apiErrorBody(503, `${exception.dependency ?? 'A dependency'} is unavailable (circuit open)`, requestId));
      return;
    }
    if (isRateLimitedError(exception)) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterMs / 1000))));
      res.status(429).json(apiErrorBody(429, exception.message, requestId));
      return;
    }
    if (isTimeoutError(exception)) {
      res
        .status(504)
        .json(
          apiErrorBody(
            504,
            `${exception.dependency ?? 'A dependency'} did not answer within ${exception.timeoutMs} ms`,
            requestId,
          ),
        );
      return;
    }
    if (exception instanceof UpstreamError) {
      res.status(502).json(apiErrorBody(502, `${exception.upstream} answered ${exception.status}`, requestId));
      return;
    }
    if (isResilienceConfigError(exception)) {
      const first = exception.problems[0];
      res.status(400).json(apiErrorBody(400, exception.message, requestId, { field: first?.path }));
      return;
    }

    const errorId = randomUUID();
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error({
      msg: 'unhandled error',
      errorId,
      method: req.method,
      path: req.path,
      error: error.message,
      stack: error.stack,
    });
    res
      .status(500)
      .json(apiErrorBody(500, 'Unexpected error; quote the errorId when reporting it', requestId, { errorId }));
  }
}

/** The 503 for a full bulkhead (the door shed writes the same body with bulkheadRejectionBody). */
export function sendBulkheadRejection(res: Response, error: BulkheadRejectedError, requestId: string): void {
  res.setHeader('Retry-After', '1');
  res.status(503).json(bulkheadRejectionBody(error, requestId));
}

/** The 503 body of a request a bulkhead refused (here, and from the door shed). */
export function bulkheadRejectionBody(error: BulkheadRejectedError, requestId: string): ApiErrorBody {
  return apiErrorBody(503, `Server busy: ${error.dependency ?? 'bulkhead'} is at capacity, retry shortly`, requestId);
}

/**
 * Message, field and domain code of a Nest HTTP exception. A domain error thrown as
 * `new ConflictException({ error: 'IDEMPOTENCY_CONFLICT', … })` keeps its code in `error`;
 * otherwise `error` is the status's reason phrase (what Nest's own exceptions put there).
 */
function describeHttpException(exception: HttpException): { message: string; field?: string; code?: string } {
  const response = exception.getResponse();
  if (typeof response === 'string') return { message: response };
  const body = response as { message?: unknown; field?: unknown; error?: unknown };
  const message = Array.isArray(body.message)
    ? body.message.join('; ')
    : typeof body.message === 'string'
      ? body.message
      : exception.message;
  const code =
    typeof body.error === 'string' && body.error !== reasonPhrase(exception.getStatus()) ? body.error : undefined;
  return { message, field: typeof body.field === 'string' ? body.field : undefined, code };
}
