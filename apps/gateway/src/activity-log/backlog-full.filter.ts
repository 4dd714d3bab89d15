import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { BacklogFullError, isBacklogFullError, StoreClosedError } from '@shop/write-behind';
import type { Request, Response } from 'express';

import { ApiErrorBody, apiErrorBody } from '../common/api-error';
import { requestIdOf } from '../common/request-id';

/**
 * Write-behind refusals become 503 with Retry-After, in the gateway's error shape: the backlog
 * is full (MySQL has been unreachable for a while; nothing was stored), or the store is closing
 * because this process shuts down. Scoped to the activity-log controller; every other error goes
 * on to the gateway's global filter.
 */
@Catch(BacklogFullError, StoreClosedError)
export class WriteBehindRefusalFilter implements ExceptionFilter {
  catch(exception: BacklogFullError | StoreClosedError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const requestId = requestIdOf(http.getRequest<Request>());
    if (isBacklogFullError(exception)) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
      res
        .status(503)
        .json(
          refusal(
            'The activity log is not accepting entries until its backlog drains; retry later',
            requestId,
            exception.code,
          ),
        );
      return;
    }
    res.setHeader('Retry-After', '1');
    res
      .status(503)
      .json(refusal('The activity log is shutting down on this instance; retry', requestId, exception.code));
  }
}

// The gateway's error shape with the library's error code in `error`, like other domain errors.
function refusal(message: string, requestId: string, code: string): ApiErrorBody {
  return { ...apiErrorBody(503, message, requestId), error: code };
}
