import { ArgumentsHost, ConflictException, Logger, NotFoundException } from '@nestjs/common';
import { unavailable } from '@shop/platform';
import { BrokenCircuitError, BulkheadRejectedError, ResilienceConfigError, TimeoutError } from '@shop/resilience';

import { ApiExceptionFilter } from './api-exception.filter';
import { FieldValidationException } from './validation';

function answer(exception: unknown) {
  const res = { statusCode: 0, body: undefined as unknown, headers: {} as Record<string, string>, headersSent: false };
  const response = {
    get headersSent() {
      return res.headersSent;
    },
    status(code: number) {
      res.statusCode = code;
      return this;
    },
    json(body: unknown) {
      res.body = body;
      return this;
    },
    setHeader(name: string, value: string) {
      res.headers[name.toLowerCase()] = value;
    },
  };
  const request = { method: 'GET', path: '/api/pets/x', headers: { 'x-request-id': 'req-1' } };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(exception, host);
  return res;
}

describe('ApiExceptionFilter', () => {
  let logged: unknown[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((entry: unknown) => void logged.push(entry));
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers an unexpected error 500 with an errorId, logging the stack under that id and showing none of it', () => {
    const res = answer(new TypeError('cannot read properties of undefined (secret internals)'));
    expect(res.statusCode).toBe(500);
    const body = res.body as Record<string, string>;
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: expect.stringContaining('errorId'),
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      requestId: 'req-1',
    });
    expect(JSON.stringify(body)).not.toContain('secret internals');
    expect(logged).toEqual([
      expect.objectContaining({ errorId: body.errorId, stack: expect.stringContaining('TypeError') }),
    ]);
  });

  it('keeps the field of a validation error', () => {
    expect(answer(new FieldValidationException('items.0.quantity', 'quantity must be positive')).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'quantity must be positive',
      field: 'items.0.quantity',
      requestId: 'req-1',
    });
  });

  it('keeps a domain code and joins message lists', () => {
    expect(
      answer(new ConflictException({ error: 'IDEMPOTENCY_CONFLICT', message: ['key reused', 'with another body'] }))
        .body,
    ).toMatchObject({
      statusCode: 409,
      error: 'IDEMPOTENCY_CONFLICT',
      message: 'key reused; with another body',
    });
    expect(answer(new NotFoundException('no product x')).body).toMatchObject({
      error: 'Not Found',
      message: 'no product x',
    });
  });

  it('maps a full bulkhead to 503 with Retry-After', () => {
    const res = answer(new BulkheadRejectedError('full', 8, 8, 8, 'compartment_background'));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ message: expect.stringContaining('compartment_background') });
  });

  it('answers a backend that did not answer 503 with Retry-After, naming the backend', () => {
    const res = answer(unavailable('inventory', new Error('The operation was aborted due to timeout')));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ error: 'UNAVAILABLE', message: expect.stringContaining('inventory') });
  });

  it('maps an open circuit to 503 with Retry-After until the next probe', () => {
    const res = answer(new BrokenCircuitError('inventory_catalogue', Date.now() + 4_200));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('maps a timeout to 504 and a bad resilience setting to 400 naming the key', () => {
    expect(answer(new TimeoutError(300, 'ml_advisor')).statusCode).toBe(504);
    const bad = answer(
      new ResilienceConfigError([{ path: 'resilience.dependencies.cache.timeoutMs', message: 'must be >= 1' }]),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatchObject({ field: 'resilience.dependencies.cache.timeoutMs' });
  });
});
