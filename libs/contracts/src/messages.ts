/** Header that carries the correlation id across HTTP and Kafka hops. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Reply of a service to a status request. */
export interface ServiceStatusReply {
  name: string;
  version: string;
  status: 'up' | 'degraded';
  uptimeSeconds: number;
  /** When the service answered, ISO-8601. */
  answeredAt: string;
}

/** Status request body: the gateway's send time, so a service can tell how stale a request is. */
export interface ServiceStatusRequest {
  sentAt: string;
}
