import { HttpException } from '@nestjs/common';

import { asResult, DomainError } from './domain-error';
import { resultOf } from './result-to-http';

describe('request-reply envelope', () => {
  it('answers with the data, a domain error as a value, anything else as INTERNAL', async () => {
    await expect(asResult(async () => 42)).resolves.toEqual({ ok: true, data: 42 });
    await expect(asResult(() => Promise.reject(new DomainError('NOT_FOUND', 'no order o-1', 'id')))).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no order o-1', field: 'id' },
    });
    await expect(asResult(() => Promise.reject(new Error('SQL exploded')))).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'internal error' },
    });
  });

  it('asks: data back, an error value as its HTTP error, no answer as 503 naming the service', async () => {
    await expect(resultOf('orders', Promise.resolve({ ok: true, data: 'x' }))).resolves.toBe('x');
    const declined = await resultOf(
      'orders',
      Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'm' } }),
    )
      .then(() => undefined)
      .catch((e: HttpException) => e);
    expect(declined?.getStatus()).toBe(404);
    const silent = await resultOf('orders', Promise.reject(new Error('timed out')))
      .then(() => undefined)
      .catch((e: HttpException) => e);
    expect(silent?.getStatus()).toBe(503);
    expect(silent?.getResponse()).toMatchObject({ error: 'UNAVAILABLE', message: 'orders did not answer: timed out' });
  });

  it('leaves an error the caller claims to the caller', async () => {
    const own = new Error('budget spent');
    await expect(resultOf('orders', Promise.reject(own), (e) => e === own)).rejects.toBe(own);
  });
});
