/** Header that carries the correlation id across HTTP and Kafka hops. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Reply of a service to a status request. */
export interface ServiceStatusReply {
  name: string;
  version: string;
  /** From the service's readiness checks: `degraded` when one is down or reports degraded parts. */
  status: 'up' | 'degraded';
  /** Whether its `/health/ready` answers 200 now. */
  ready?: boolean;
  /** Why not `up`, naming the checks, e.g. `mysql down: timeout of 1500ms exceeded`. */
  reason?: string;
  /** Each readiness check's state. */
  checks?: Record<string, 'up' | 'degraded' | 'down'>;
  uptimeSeconds: number;
  /** When the service answered, ISO-8601. */
  answeredAt: string;
}

/** Status request body: the gateway's send time, so a service can tell how stale a request is. */
export interface ServiceStatusRequest {
  sentAt: string;
}
