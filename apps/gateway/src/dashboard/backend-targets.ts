/** Backend services whose `/metrics` the dashboard reads, with their dev ports (docs/conventions.md). */
export const BACKEND_SERVICES = [
  { service: 'orders', port: 3001 },
  { service: 'payments', port: 3002 },
  { service: 'inventory', port: 3003 },
  { service: 'notifications', port: 3004 },
  { service: 'ml-advisor', port: 3005 },
] as const;

const ADVISOR_PORT = 3005;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Where each backend's `/metrics` is, derived from ML_ADVISOR_URL, the one backend address the
 * gateway is given. On one machine (dev and e2e fleets) every service runs on 127.0.0.1 with the
 * same port offset as the advisor (e2e adds 10000 to every port); in compose and k8s each
 * service is reached by its own name on its conventional port.
 */
export function backendMetricsUrls(mlAdvisorUrl: string | undefined): Array<{ service: string; url: string }> {
  const advisor = new URL(mlAdvisorUrl ?? `http://127.0.0.1:${ADVISOR_PORT}`);
  const loopback = LOOPBACK.has(advisor.hostname);
  const offset = loopback ? Number(advisor.port || 80) - ADVISOR_PORT : 0;
  return BACKEND_SERVICES.map(({ service, port }) => ({
    service,
    url: loopback ? `http://${advisor.hostname}:${port + offset}/metrics` : `http://${service}:${port}/metrics`,
  }));
}
