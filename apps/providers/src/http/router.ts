/**
 * A tiny exact-path router. Routes carry two flags the server acts on before the handler runs:
 * `admin` (requires the x-admin-key header) and `faultable` (subject to injected faults).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteRequest {
  /** Parsed JSON body for POST and PUT, `undefined` otherwise. */
  body: unknown;
  query: URLSearchParams;
}

export interface RouteResponse {
  status: number;
  body: unknown;
}

export interface Route {
  method: HttpMethod;
  path: string;
  /** Requires `x-admin-key`; never faulted. */
  admin?: boolean;
  /** Business route: latency, error rate, down and hang apply to it. */
  faultable?: boolean;
  /** POST/PUT route that takes no body (an empty or absent body is not an error). */
  ignoresBody?: boolean;
  handle(request: RouteRequest): RouteResponse | Promise<RouteResponse>;
}

export type RouteMatch =
  | { outcome: 'found'; route: Route }
  | { outcome: 'not_found' }
  | { outcome: 'method_not_allowed'; allow: HttpMethod[] };

/** Finds the route for a method and path; tells "no such path" (404) from "wrong method" (405). */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const onPath = routes.filter((route) => route.path === path);
  if (onPath.length === 0) return { outcome: 'not_found' };
  const route = onPath.find((candidate) => candidate.method === method);
  if (route) return { outcome: 'found', route };
  return { outcome: 'method_not_allowed', allow: onPath.map((candidate) => candidate.method) };
}

/** Methods whose requests carry a JSON body that the server parses before the handler. */
export const methodHasBody = (method: HttpMethod): boolean => method === 'POST' || method === 'PUT';
