import type { NextFunction, Request, Response } from 'express';

import { requestIdMiddleware, requestIdOf } from './request-id';

function run(headers: Record<string, string>) {
  const req = { headers: { ...headers }, header: (name: string) => headers[name] } as unknown as Request;
  const sent: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (sent[name] = value) } as unknown as Response;
  const next = jest.fn() as NextFunction;
  requestIdMiddleware(req, res, next);
  return { req, sent, next };
}

describe('requestIdMiddleware', () => {
  it('keeps a client’s x-request-id, echoes it and makes it the correlation id', () => {
    const { req, sent, next } = run({ 'x-request-id': 'order-42.retry:1' });
    expect(sent).toEqual({ 'x-request-id': 'order-42.retry:1', 'x-correlation-id': 'order-42.retry:1' });
    expect(req.headers['x-correlation-id']).toBe('order-42.retry:1');
    expect(requestIdOf(req)).toBe('order-42.retry:1');
    expect(next).toHaveBeenCalled();
  });

  it('accepts x-correlation-id when there is no x-request-id', () => {
    expect(run({ 'x-correlation-id': 'abc' }).sent['x-request-id']).toBe('abc');
  });

  it('replaces a missing id, or one that is not a plain token (log injection), with a UUID', () => {
    expect(run({}).sent['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run({ 'x-request-id': 'evil"\n{"level":"error"}' }).sent['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run({ 'x-request-id': 'x'.repeat(200) }).sent['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
