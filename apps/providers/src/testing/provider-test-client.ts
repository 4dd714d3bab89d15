import type { FaultSettings } from '../faults/fault-settings';
import type { LogEntry } from '../http/request-log';
import type { ProviderKind } from '../provider';
import { ProviderServer, ProviderServerOptions, startProviderServer } from '../provider-server';

/**
 * Shared helpers for specs: start a simulator on 127.0.0.1:0 and talk to it with real HTTP
 * (Node's global fetch). Not compiled into the app (see tsconfig.app.json).
 */

export const TEST_ADMIN_KEY = 'test-admin-key';

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestProvider {
  server: ProviderServer;
  url: string;
  /** Log entries the server emitted (nothing is printed during tests). */
  logs: LogEntry[];
  get<T = any>(path: string, headers?: Record<string, string>): Promise<JsonResponse<T>>;
  post<T = any>(path: string, body: unknown, init?: RequestInit): Promise<JsonResponse<T>>;
  setFaults(patch: Partial<FaultSettings>): Promise<JsonResponse<FaultSettings>>;
  clearFaults(): Promise<JsonResponse<FaultSettings>>;
  stats(): Promise<any>;
  close(): Promise<void>;
}

async function toJson<T>(response: Response): Promise<JsonResponse<T>> {
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

export async function startTestProvider(
  kind: ProviderKind,
  options: Partial<Omit<ProviderServerOptions, 'kind' | 'port' | 'host'>> = {},
): Promise<TestProvider> {
  const logs: LogEntry[] = [];
  const server = await startProviderServer({
    kind,
    port: 0,
    host: '127.0.0.1',
    adminApiKey: TEST_ADMIN_KEY,
    log: (entry) => logs.push(entry),
    ...options,
  });
  const { url } = server;
  const admin = { 'x-admin-key': TEST_ADMIN_KEY, 'content-type': 'application/json' };

  const client: TestProvider = {
    server,
    url,
    logs,
    // Ledgers are keyed: reads send the admin key unless a test passes its own headers.
    get: async (path, headers = { 'x-admin-key': TEST_ADMIN_KEY }) => toJson(await fetch(`${url}${path}`, { headers })),
    post: async (path, body, init = {}) =>
      toJson(
        await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
          ...init,
        }),
      ),
    setFaults: async (patch) =>
      toJson(await fetch(`${url}/admin/faults`, { method: 'PUT', headers: admin, body: JSON.stringify(patch) })),
    clearFaults: async () => toJson(await fetch(`${url}/admin/faults`, { method: 'DELETE', headers: admin })),
    stats: async () => (await toJson(await fetch(`${url}/admin/stats`, { headers: admin }))).body,
    close: () => server.close(),
  };
  return client;
}

/**
 * Polls `check` until it returns true. For effects that happen asynchronously on the server
 * side (a socket 'close' after a client abort), never for readiness: listen is awaited.
 */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
