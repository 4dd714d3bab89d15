import { matchRoute, methodHasBody, Route } from './router';

const route = (method: Route['method'], path: string): Route => ({
  method,
  path,
  handle: () => ({ status: 200, body: null }),
});

describe('matchRoute', () => {
  const routes = [route('GET', '/charges'), route('POST', '/charges'), route('GET', '/health')];

  it('finds the route for method and path', () => {
    const match = matchRoute(routes, 'POST', '/charges');
    expect(match.outcome).toBe('found');
    expect(match.outcome === 'found' && match.route).toBe(routes[1]);
  });

  it('reports not_found for an unknown path', () => {
    expect(matchRoute(routes, 'GET', '/charges/1')).toEqual({ outcome: 'not_found' });
  });

  it('reports method_not_allowed with the allowed methods', () => {
    expect(matchRoute(routes, 'DELETE', '/charges')).toEqual({ outcome: 'method_not_allowed', allow: ['GET', 'POST'] });
  });

  it('says which methods carry a body', () => {
    expect(methodHasBody('POST')).toBe(true);
    expect(methodHasBody('PUT')).toBe(true);
    expect(methodHasBody('GET')).toBe(false);
    expect(methodHasBody('DELETE')).toBe(false);
  });
});
