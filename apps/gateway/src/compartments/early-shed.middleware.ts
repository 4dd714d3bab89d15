import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ResilienceRegistry } from '@shop/resilience';
import { sendBulkheadRejection } from '../common/api-exception.filter';
import { requestIdOf } from '../common/request-id';
import { compartmentAdmission, compartmentForPath } from './compartment';
import { COMPARTMENT_HEADER } from './compartment.interceptor';
import { CompartmentsState } from './compartments.state';

/**
 * Sheds a request at the door when its compartment's bulkhead is certain to refuse it: full,
 * queue full, and no less important waiter to displace. The answer is the same 503 the
 * interceptor would give, but without routing, guards, validation and the interceptor chain —
 * under a flood of background requests that work (about a millisecond of CPU each) is what
 * would otherwise slow the critical routes sharing the process. Anything the bulkhead might
 * still admit or queue goes on to CompartmentInterceptor, which decides for real.
 *
 * It knows a route's compartment from its path only (decorators are not known before routing);
 * a spec checks that every @Compartment route agrees with its path.
 */
@Injectable()
export class EarlyShedMiddleware implements NestMiddleware {
  constructor(
    private readonly registry: ResilienceRegistry,
    private readonly state: CompartmentsState,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const compartment = compartmentForPath(req.originalUrl.split('?', 1)[0]);
    if (!compartment) return next();
    const { own, shared, priority } = compartmentAdmission(compartment, this.state.enabled);
    // With compartments on, only the compartment's own budget is judged here: a request it would
    // queue may still find a shared slot later, so it is not ours to refuse.
    const rejection = this.registry.get(own ?? shared).bulkhead?.rejectNow({ priority });
    if (!rejection) return next();
    res.setHeader(COMPARTMENT_HEADER, compartment);
    res.locals.metricsRoute = `shed:${compartment}`;
    sendBulkheadRejection(res, rejection, requestIdOf(req));
  }
}
