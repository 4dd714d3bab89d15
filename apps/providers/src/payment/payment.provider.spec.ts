import { startTestProvider, TestProvider } from '../testing/provider-test-client';

describe('payment provider', () => {
  let provider: TestProvider;
  const charge = (overrides: Record<string, unknown> = {}) => ({
    orderId: 'order-7',
    amount: 49.99,
    currency: 'EUR',
    idempotencyKey: 'charge-order-7',
    ...overrides,
  });

  beforeEach(async () => {
    provider = await startTestProvider('payment');
  });

  afterEach(() => provider.close());

  describe('POST /charges', () => {
    it('captures a charge: 201 with chargeId, status, amount and orderId', async () => {
      const response = await provider.post('/charges', charge());
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ status: 'captured', amount: 49.99, orderId: 'order-7', currency: 'EUR' });
      expect(response.body.chargeId).toMatch(/^ch_/);
    });

    it('returns the same charge with 200 for a repeated idempotencyKey and captures once', async () => {
      const first = await provider.post('/charges', charge());
      const second = await provider.post('/charges', charge());
      expect(second.status).toBe(200);
      expect(second.body.chargeId).toBe(first.body.chargeId);

      const listing = await provider.get('/charges?orderId=order-7');
      expect(listing.body.charges).toHaveLength(1);
      expect(listing.body.charges[0]).toMatchObject({ status: 'captured', requests: 2 });
    });

    it('answers 409 when an idempotencyKey is reused for a different charge', async () => {
      await provider.post('/charges', charge());
      const response = await provider.post('/charges', charge({ amount: 10 }));
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ error: 'idempotency_conflict', field: 'idempotencyKey' });
    });

    it('declines an amount above the limit with 402 and captures nothing', async () => {
      const response = await provider.post('/charges', charge({ amount: 1000.01 }));
      expect(response.status).toBe(402);
      expect(response.body).toMatchObject({ status: 'declined', reason: 'amount_above_limit' });
      const listing = await provider.get('/charges?orderId=order-7');
      expect(listing.body.charges.filter((item: { status: string }) => item.status === 'captured')).toHaveLength(0);
    });

    it('accepts an amount exactly at the limit', async () => {
      expect((await provider.post('/charges', charge({ amount: 1000 }))).status).toBe(201);
    });

    it('keeps declining a retried declined charge', async () => {
      await provider.post('/charges', charge({ amount: 5000 }));
      const retry = await provider.post('/charges', charge({ amount: 5000 }));
      expect(retry.status).toBe(402);
      expect((await provider.stats()).records).toMatchObject({ captured: 0, declined: 1 });
    });

    it('honours a custom declineAbove', async () => {
      const strict = await startTestProvider('payment', { declineAbove: 10 });
      try {
        expect((await strict.post('/charges', charge({ amount: 10.5 }))).status).toBe(402);
      } finally {
        await strict.close();
      }
    });

    it.each([
      [{ orderId: undefined }, 'orderId'],
      [{ orderId: 42 }, 'orderId'],
      [{ orderId: '' }, 'orderId'],
      [{ amount: 0 }, 'amount'],
      [{ amount: -5 }, 'amount'],
      [{ amount: '12.00' }, 'amount'],
      [{ amount: 1.234 }, 'amount'],
      [{ currency: 'EURO' }, 'currency'],
      [{ currency: 'eur' }, 'currency'],
      [{ idempotencyKey: undefined }, 'idempotencyKey'],
    ])('answers 400 validation for %j', async (overrides, field) => {
      const response = await provider.post('/charges', charge(overrides));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: 'validation', field, message: expect.any(String) });
    });
  });

  describe('POST /charges/void', () => {
    it('voids a key no charge used, and refuses a later charge with it (409 charge_voided)', async () => {
      const voided = await provider.post('/charges/void', { idempotencyKey: 'charge-order-7' });
      expect(voided).toMatchObject({ status: 200, body: { status: 'voided', idempotencyKey: 'charge-order-7' } });
      const late = await provider.post('/charges', charge());
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ error: 'charge_voided', field: 'idempotencyKey' });
      expect((await provider.get('/charges?orderId=order-7')).body.charges).toHaveLength(0);
    });

    it('answers the captured charge under the key instead of voiding it', async () => {
      const captured = await provider.post('/charges', charge());
      const voided = await provider.post('/charges/void', { idempotencyKey: 'charge-order-7' });
      expect(voided.body).toEqual({
        idempotencyKey: 'charge-order-7',
        status: 'captured',
        chargeId: captured.body.chargeId,
        refunded: false,
      });
      // Still captured: the caller must refund it.
      expect((await provider.post('/charges', charge())).status).toBe(200);
    });

    it('answers a declined charge as declined', async () => {
      await provider.post('/charges', charge({ amount: 5000 }));
      const voided = await provider.post('/charges/void', { idempotencyKey: 'charge-order-7' });
      expect(voided.body).toMatchObject({ status: 'declined' });
    });

    it('names a missing idempotencyKey (400)', async () => {
      const response = await provider.post('/charges/void', {});
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain('idempotencyKey');
    });
  });

  describe('POST /refunds', () => {
    it('refunds a captured charge: 201, then the same refund with 200 for the same key', async () => {
      const { body: captured } = await provider.post('/charges', charge());
      const refund = { chargeId: captured.chargeId, idempotencyKey: 'refund-order-7' };

      const first = await provider.post('/refunds', refund);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ chargeId: captured.chargeId, status: 'refunded', amount: 49.99 });
      expect(first.body.refundId).toMatch(/^re_/);

      const second = await provider.post('/refunds', refund);
      expect(second.status).toBe(200);
      expect(second.body.refundId).toBe(first.body.refundId);

      const refunds = await provider.get(`/refunds?chargeId=${captured.chargeId}`);
      expect(refunds.body.refunds).toHaveLength(1);
    });

    it('answers 404 for an unknown charge', async () => {
      const response = await provider.post('/refunds', { chargeId: 'ch_missing', idempotencyKey: 'r1' });
      expect(response.status).toBe(404);
    });

    it('answers 409 when the charge was already refunded with another key', async () => {
      const { body: captured } = await provider.post('/charges', charge());
      await provider.post('/refunds', { chargeId: captured.chargeId, idempotencyKey: 'r1' });
      const response = await provider.post('/refunds', { chargeId: captured.chargeId, idempotencyKey: 'r2' });
      expect(response.status).toBe(409);
      expect(response.body.error).toBe('already_refunded');
    });

    it('answers 409 for a declined charge', async () => {
      const { body: declined } = await provider.post('/charges', charge({ amount: 2000 }));
      const response = await provider.post('/refunds', { chargeId: declined.chargeId, idempotencyKey: 'r1' });
      expect(response.status).toBe(409);
      expect(response.body.error).toBe('charge_not_captured');
    });

    it('answers 400 validation for a missing chargeId', async () => {
      const response = await provider.post('/refunds', { idempotencyKey: 'r1' });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('chargeId');
    });
  });

  describe('GET /charges', () => {
    it('lists only the charges of the requested order', async () => {
      await provider.post('/charges', charge());
      await provider.post('/charges', charge({ orderId: 'order-8', idempotencyKey: 'charge-order-8' }));
      const listing = await provider.get('/charges?orderId=order-8');
      expect(listing.status).toBe(200);
      expect(listing.body.charges.map((item: { orderId: string }) => item.orderId)).toEqual(['order-8']);
      expect((await provider.get('/charges')).body.charges).toHaveLength(2);
    });
  });

  it('keeps the capture when the client gives up during injected latency (the ambiguous timeout)', async () => {
    await provider.setFaults({ latencyMs: 2_000 });
    const timedOut = await fetch(`${provider.url}/charges`, {
      method: 'POST',
      body: JSON.stringify(charge()),
      signal: AbortSignal.timeout(100),
    }).catch((error: Error) => error);
    expect((timedOut as Error).name).toBe('TimeoutError');

    await provider.clearFaults();
    const retry = await provider.post('/charges', charge());
    expect(retry.status).toBe(200);
    expect((await provider.get('/charges?orderId=order-7')).body.charges).toHaveLength(1);
  });
});
