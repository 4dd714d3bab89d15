import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

import { createAdminRoutes, TrafficStats } from './admin/admin.routes';
import { assertAdminKey } from './admin/admin-key';
import { FaultDecision, FaultInjector } from './faults/fault-injector';
import { delay } from './http/delay';
import { HttpError, isHttpError } from './http/http-error';
import { readJsonBody } from './http/json-body';
import { jsonLineLogger, Logger } from './http/request-log';
import { matchRoute, methodHasBody, Route, RouteResponse } from './http/router';
import type { ProviderKind } from './provider';
import { createProvider } from './provider-registry';

export interface ProviderServerOptions {
  kind: ProviderKind;
  /** 0 picks a free port (tests); the chosen one is in the result. */
  port: number;
  /** Value the `x-admin-key` header must carry on `/admin/*`. */
  adminApiKey: string;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** payment only: amounts strictly above this are declined (default 1000.00). */
  declineAbove?: number;
  /** Source of randomness for errorRate when no seed is set; default Math.random. */
  random?: () => number;
  /** Receives one entry per request and lifecycle event; default JSON lines on stdout. */
  log?: Logger;
  /** On close(), how long in-flight requests may finish before their sockets are destroyed. */
  shutdownGraceMs?: number;
}

export interface ProviderServer {
  port: number;
  /** `http://host:port`, handy for fetch in tests. */
  url: string;
  /** Stops listening, drops hung requests, lets others finish within the grace period. */
  close(): Promise<void>;
}

/**
 * Path and query of a request target. Prefixing our own origin (instead of passing it as the
 * base) keeps `//charges` a path rather than a host, and a target that does not parse falls back to
 * a path no route matches (404) instead of throwing.
 */
function parseRequestTarget(target = '/'): URL {
  try {
    return new URL(`http://provider.invalid${target.startsWith('/') ? '' : '/'}${target}`);
  } catch {
    return new URL('http://provider.invalid/.unparseable-request-target');
  }
}

const NO_FAULT: FaultDecision = { action: 'answer', latencyMs: 0, injectError: false };

const injectedUnavailable = (): RouteResponse => ({
  status: 503,
  body: { error: 'service_unavailable', message: 'injected fault (errorRate)', injected: true },
});

function sendJson(res: ServerResponse, { status, body }: RouteResponse, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
}

/**
 * Starts one provider simulator and resolves once it is listening.
 *
 * Faults are carried out on the real socket: `down` destroys it (the client sees ECONNRESET),
 * `hang` keeps it open without answering until the client goes away, latency delays the answer
 * and errorRate answers 503 without running the handler.
 */
export async function startProviderServer(options: ProviderServerOptions): Promise<ProviderServer> {
  const { kind, adminApiKey, host = '127.0.0.1', log = jsonLineLogger, shutdownGraceMs = 5_000 } = options;
  const provider = createProvider(kind, { declineAbove: options.declineAbove });
  const faults = new FaultInjector(options.random);
  const counters = { requests: 0, businessRequests: 0, inFlight: 0 };
  /** Open sockets and how many requests each is serving; idle ones are closed on shutdown. */
  const sockets = new Map<Socket, number>();
  const hanging = new Map<ServerResponse, Socket>();
  let closing: Promise<void> | undefined;

  const traffic = (): TrafficStats => ({ ...counters, hanging: hanging.size, openConnections: sockets.size });
  const resetTraffic = () => {
    counters.requests = 0;
    counters.businessRequests = 0;
  };

  const routes: Route[] = [
    { method: 'GET', path: '/health', handle: () => ({ status: 200, body: { status: 'up', kind } }) },
    ...createAdminRoutes({ provider, faults, traffic, resetTraffic }),
    ...provider.routes,
  ];

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const method = req.method ?? 'GET';
    const url = parseRequestTarget(req.url);
    const clientGone = new AbortController();
    let fault: string | undefined;
    const socket = req.socket;
    counters.requests++;
    counters.inFlight++;
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);

    // 'close' fires exactly once per response, answered or not: the single place that logs
    // and releases everything this request holds.
    res.once('close', () => {
      counters.inFlight--;
      hanging.delete(res);
      clientGone.abort();
      const active = (sockets.get(socket) ?? 1) - 1;
      if (sockets.has(socket)) sockets.set(socket, active);
      // While shutting down, a connection is closed as soon as its last request is done.
      if (closing && active === 0) socket.end();
      const answered = res.writableFinished;
      log({
        level: !answered || res.statusCode >= 500 ? 'warn' : 'info',
        msg: 'request',
        kind,
        method,
        path: url.pathname,
        status: answered ? res.statusCode : null,
        ms: Math.round((performance.now() - startedAt) * 10) / 10,
        ...(fault ? { fault } : {}),
        ...(!answered && !fault ? { outcome: 'client_aborted' } : {}),
      });
    });

    let decision = NO_FAULT;
    let answer: RouteResponse;
    let headers: Record<string, string> = {};
    try {
      const match = matchRoute(routes, method, url.pathname);
      if (match.outcome === 'not_found') {
        throw new HttpError(404, { error: 'not_found', message: `no route for ${method} ${url.pathname}` });
      }
      if (match.outcome === 'method_not_allowed') {
        throw new HttpError(
          405,
          { error: 'method_not_allowed', message: `${url.pathname} allows ${match.allow.join(', ')}` },
          { allow: match.allow.join(', ') },
        );
      }
      const { route } = match;
      if (route.admin) assertAdminKey(req.headers['x-admin-key'], adminApiKey);

      if (route.faultable) {
        counters.businessRequests++;
        decision = faults.decide();
        if (decision.action === 'reset-connection') {
          fault = 'down';
          req.socket.destroy();
          return;
        }
        if (decision.action === 'hang') {
          fault = 'hang';
          hanging.set(res, req.socket);
          // Drain the body so the request counts as received and no request timeout ends the hang.
          req.resume();
          return;
        }
        if (decision.latencyMs > 0) fault = 'latency';
        if (decision.injectError) fault = fault ? 'latency+error' : 'error';
      }

      const body = methodHasBody(route.method) && !route.ignoresBody ? await readJsonBody(req) : undefined;
      answer =
        decision.action === 'answer' && decision.injectError
          ? injectedUnavailable()
          : await route.handle({ body, query: url.searchParams });
    } catch (error) {
      if (isHttpError(error)) {
        answer = { status: error.status, body: error.body };
        headers = error.headers;
      } else {
        const errorId = randomUUID();
        log({ level: 'error', msg: 'unhandled error', kind, errorId, error: (error as Error)?.stack ?? String(error) });
        answer = { status: 500, body: { error: 'internal', errorId } };
      }
    }

    // Latency applies to every answer of a faultable route, including 4xx and injected 503s.
    // Effects of the handler are already in place: a client that times out here gets the
    // ambiguous outcome a real slow provider produces, and must retry with its idempotencyKey.
    if (decision.action === 'answer' && decision.latencyMs > 0) {
      const elapsed = await delay(decision.latencyMs, clientGone.signal);
      if (!elapsed) return;
    }
    sendJson(res, answer, closing ? { ...headers, connection: 'close' } : headers);
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      // Last resort: a bug here must cost one request, not the process (unhandled rejection).
      log({ level: 'error', msg: 'request handling failed', kind, error: (error as Error)?.stack ?? String(error) });
      res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.set(socket, 0);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  log({ level: 'info', msg: 'provider listening', kind, host, port });

  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const forceClose = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
      forceClose.unref();
      server.close(() => {
        clearTimeout(forceClose);
        log({ level: 'info', msg: 'provider stopped', kind });
        resolve();
      });
      // A hung request never finishes by itself; do not make shutdown wait for it.
      for (const socket of hanging.values()) socket.destroy();
      // Keep-alive connections between requests: our own count, because Node's
      // closeIdleConnections() missed some in practice and close() then waited for the
      // client's keep-alive timeout.
      for (const [socket, active] of sockets) if (active === 0) socket.end();
    }));

  return { port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close };
}
