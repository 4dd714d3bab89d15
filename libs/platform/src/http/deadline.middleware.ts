import { BadRequestException, Injectable, NestMiddleware } from '@nestjs/common';
import { parseTimeoutHeader, runWithDeadline, TIMEOUT_HEADER } from '@shop/resilience';
import type { NextFunction, Request, Response } from 'express';

/**
 * Reads the caller's budget (`x-timeout-ms`) and runs the request under that deadline, so the
 * timeouts of every dependency call it makes are cut to what the caller has left (and calls
 * are not started once it has given up). A malformed budget is refused by name, not ignored:
 * a client that sends one expects it to be honoured.
 */
@Injectable()
export class DeadlineMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const parsed = parseTimeoutHeader(req.headers[TIMEOUT_HEADER]);
    if (!parsed.ok)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: parsed.problem,
        field: TIMEOUT_HEADER,
      });
    if (parsed.timeoutMs === undefined) return next();
    runWithDeadline(Date.now() + parsed.timeoutMs, next);
  }
}
