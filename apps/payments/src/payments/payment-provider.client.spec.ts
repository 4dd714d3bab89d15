import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { ConfigService } from '@nestjs/config';
import { ResilienceRegistry } from '@shop/resilience';
import { register } from 'prom-client';

import { PaymentDeclinedError, PaymentProviderClient, PaymentProviderError } from './payment-provider.client';

/** A provider on a real socket that answers every charge with one status and body. */
describe('PaymentProviderClient', () => {
  let server: Server;
  let answer: { status: number; body: object };
  let calls: number;
  let client: PaymentProviderClient;

  beforeEach(async () => {
    calls = 0;
    server = createServer((req, res) => {
      calls++;
      req.resume();
      req.on('end', () =>
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const registry = new ResilienceRegistry({
      resilience: {
        dependencies: {
          payment_provider: {
            timeoutMs: 1_000,
            retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1, jitter: 'none', idempotent: true },
            circuitBreaker: { mode: 'consecutive', failureThreshold: 2, openMs: 60_000 },
          },
        },
      },
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new PaymentProviderClient(registry, new ConfigService({ PAYMENT_PROVIDER_URL: url }));
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    register.clear();
  });

  const charge = () => client.charge({ orderId: 'o-1', amount: 10, currency: 'EUR', idempotencyKey: 'charge-s-1' });

  it('resolves with the charge id of a capture', async () => {
    answer = { status: 201, body: { chargeId: 'ch_1' } };
    await expect(charge()).resolves.toBe('ch_1');
  });

  it('rejects a 402 as a decline with its reason, tried once', async () => {
    answer = { status: 402, body: { reason: 'insufficient_funds' } };
    await expect(charge()).rejects.toEqual(new PaymentDeclinedError('insufficient_funds'));
    expect(calls).toBe(1);
  });

  it.each([400, 404, 409, 422])(
    'rejects a %i as a refusal that fails fast: a decline, tried once, never opening the breaker',
    async (status) => {
      answer = { status, body: { message: 'currency not supported' } };
      for (let i = 0; i < 4; i++) {
        const error = (await charge().catch((e: unknown) => e)) as PaymentDeclinedError;
        expect(error).toBeInstanceOf(PaymentDeclinedError);
        expect(error.status).toBe(status);
        expect(error.reason).toBe(`provider refused the request (${status}): currency not supported`);
      }
      // One call per charge (no retry), and the fourth still reached the provider (no open breaker).
      expect(calls).toBe(4);
    },
  );

  it.each([408, 429, 500, 503])('treats a %i as provider trouble: retried, and not a decline', async (status) => {
    answer = { status, body: { message: 'busy' } };
    const error = await charge().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect(error).not.toBeInstanceOf(PaymentDeclinedError);
    expect(calls).toBe(2);
  });
});
