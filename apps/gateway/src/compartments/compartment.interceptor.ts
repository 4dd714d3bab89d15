import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ResilienceRegistry } from '@shop/resilience';
import type { Request, Response } from 'express';
import { Observable, Subscription } from 'rxjs';

import { compartmentAdmission, compartmentForPath, CompartmentName } from './compartment';
import { COMPARTMENT_KEY } from './compartment.decorator';
import { CompartmentsState } from './compartments.state';

/** Response header naming the compartment that served the request (for operators and tests). */
export const COMPARTMENT_HEADER = 'x-compartment';

/**
 * Runs each request inside its compartment. On: the compartment's own bulkhead first (so a
 * flood of background requests queues and is refused within its own small budget), then the
 * shared capacity at the compartment's priority (critical is never capped and is admitted
 * first; background may hold at most a quarter). Off: the shared capacity only, one lane.
 * A refusal is a BulkheadRejectedError, answered 503 with Retry-After by the exception filter.
 */
@Injectable()
export class CompartmentInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ResilienceRegistry,
    private readonly state: CompartmentsState,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const declared = this.reflector.getAllAndOverride<CompartmentName | undefined>(COMPARTMENT_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const compartment = declared ?? compartmentForPath(req.path);
    if (!compartment) return next.handle();
    context.switchToHttp().getResponse<Response>().setHeader(COMPARTMENT_HEADER, compartment);

    const admission = compartmentAdmission(compartment, this.state.enabled);
    const shared = this.registry.get(admission.shared);
    const own = admission.own === undefined ? undefined : this.registry.get(admission.own);
    const { priority } = admission;
    return new Observable<unknown>((subscriber) => {
      let inner: Subscription | undefined;
      let release: (() => void) | undefined;
      // Holds the slot for as long as the handler's stream is open, forwarding its values as
      // they come (streams stay streams), and gives it back when it ends or the client leaves.
      const handle = () =>
        new Promise<void>((resolve, reject) => {
          if (subscriber.closed) return resolve();
          release = resolve;
          inner = next
            .handle()
            .subscribe({ next: (value) => subscriber.next(value), error: reject, complete: resolve });
        });
      const admitted = own
        ? own.execute(() => shared.execute(handle, { priority }), { priority })
        : shared.execute(handle, { priority });
      admitted.then(
        () => subscriber.complete(),
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        inner?.unsubscribe();
        release?.();
      };
    });
  }
}
