import { Injectable, NestMiddleware } from '@nestjs/common';
import { CORRELATION_ID_HEADER } from '@shop/contracts';
import type { NextFunction, Request, Response } from 'express';

import { currentCorrelationId, runWithCorrelationId } from '../logging/correlation';
import { currentTraceId, TRACE_ID_HEADER } from '../tracing/trace-context';
import { MetricsService } from './metrics.service';

/**
 * Times every HTTP request and opens a correlation scope for it. The route label is the matched
 * pattern (`/api/orders/:id`), never the raw URL, so label cardinality stays bounded.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const stopTimer = this.metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      // A request answered before routing (e.g. shed by a bulkhead) may name itself in res.locals.
      // Express types req.route as any; the router sets it to the matched route, whose path is a string.
      const matched = req.route as { path?: string } | undefined;
      const route = matched?.path
        ? `${req.baseUrl}${matched.path}`
        : ((res.locals.metricsRoute as string | undefined) ?? 'unmatched');
      stopTimer({ method: req.method, route, status: String(res.statusCode) });
    });
    const incoming = req.header(CORRELATION_ID_HEADER);
    runWithCorrelationId(incoming, () => {
      // Echoed so a client can quote it when reporting a problem, and find it in every app's logs.
      res.setHeader(CORRELATION_ID_HEADER, currentCorrelationId() as string);
      // And the trace of the request (tracing on): GET <zipkin>/api/v2/trace/<id> or the UI shows it.
      const traceId = currentTraceId();
      if (traceId) res.setHeader(TRACE_ID_HEADER, traceId);
      next();
    });
  }
}
