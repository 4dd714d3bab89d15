import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import { type INestApplication, Injectable } from '@nestjs/common';
import { MetricsService } from '@shop/platform';
import { ResilienceRegistry } from '@shop/resilience';

import { bulkheadRejectionBody } from '../common/api-exception.filter';
import { assignRequestId } from '../common/request-id';
import { securityHeaders } from '../common/security-headers';
import { compartmentAdmission, compartmentForPath } from './compartment';
import { COMPARTMENT_HEADER } from './compartment.interceptor';
import { CompartmentsState } from './compartments.state';

/**
 * Sheds a request at the door when its compartment's bulkhead is certain to refuse it: full,
 * queue full, and no less important waiter to displace. The answer is the same 503 the
 * interceptor would give (body, Retry-After, request id, security headers), written on the
 * plain Node response before Express runs at all: no middleware chain, body parsing, routing,
 * guards, validation or interceptors. Under a flood of background requests that work is what
 * would otherwise slow the critical routes sharing the process's one event loop. Anything the
 * bulkhead might still admit or queue goes on to Express and CompartmentInterceptor, which
 * decides for real.
 *
 * It knows a route's compartment from its path only (routing has not run); a spec checks that
 * every @Compartment route agrees with its path.
 */
@Injectable()
export class DoorShed {
  constructor(
    private readonly registry: ResilienceRegistry,
    private readonly state: CompartmentsState,
    private readonly metrics: MetricsService,
  ) {}

  /** Answers the request with 503 and returns true if its compartment is sure to refuse it. */
  shed(req: IncomingMessage, res: ServerResponse): boolean {
    const compartment = compartmentForPath((req.url ?? '/').split('?', 1)[0]);
    if (!compartment) return false;
    const { own, shared, priority } = compartmentAdmission(compartment, this.state.enabled);
    // With compartments on, only the compartment's own budget is judged here: a request it would
    // queue may still find a shared slot later, so it is not ours to refuse.
    const rejection = this.registry.get(own ?? shared).bulkhead?.rejectNow({ priority });
    if (!rejection) return false;

    const stopTimer = this.metrics.httpRequestDuration.startTimer({
      method: req.method,
      route: `shed:${compartment}`,
      status: '503',
    });
    const requestId = assignRequestId(req, res);
    securityHeaders(req, res, () => undefined);
    const body = JSON.stringify(bulkheadRejectionBody(rejection, requestId));
    res.statusCode = 503;
    res.setHeader('Retry-After', '1');
    res.setHeader(COMPARTMENT_HEADER, compartment);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    stopTimer();
    return true;
  }
}

/**
 * Puts the door shed in front of the app's HTTP handler (Express), on the server's `request`
 * event: a shed request never reaches Express.
 */
export function shedAtTheDoor(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  const door = app.get(DoorShed);
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (door.shed(req, res)) return;
    for (const handle of handlers) handle.call(server, req, res);
  });
}
