import { startTestProvider, TestProvider } from '../testing/provider-test-client';

describe('notification provider', () => {
  let provider: TestProvider;
  const email = (overrides: Record<string, unknown> = {}) => ({
    channel: 'email',
    to: 'ada@example.com',
    subject: 'Your order shipped',
    body: 'Order order-7 is on its way.',
    idempotencyKey: 'order-7-shipped',
    ...overrides,
  });

  beforeEach(async () => {
    provider = await startTestProvider('notification');
  });

  afterEach(() => provider.close());

  it('accepts a message with 202 and a messageId', async () => {
    const response = await provider.post('/messages', email());
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ messageId: expect.stringMatching(/^msg_/), status: 'sent' });
  });

  it('delivers once per idempotencyKey and answers retries with the same messageId', async () => {
    const first = await provider.post('/messages', email());
    const second = await provider.post('/messages', email());
    expect(second.status).toBe(202);
    expect(second.body.messageId).toBe(first.body.messageId);

    const listing = await provider.get('/messages?idempotencyKey=order-7-shipped');
    expect(listing.status).toBe(200);
    expect(listing.body.messages).toHaveLength(1);
    expect(listing.body.messages[0]).toMatchObject({
      deliveries: 1,
      requests: 2,
      to: 'ada@example.com',
      channel: 'email',
    });
    expect((await provider.stats()).records).toEqual({ messages: 1, deliveries: 1, duplicateMessageRequests: 1 });
  });

  it('sends an sms without a subject', async () => {
    const sms = { channel: 'sms', to: '+4915112345678', body: 'Shipped!', idempotencyKey: 'sms-1' };
    expect((await provider.post('/messages', sms)).status).toBe(202);
    const listing = await provider.get(`/messages?to=${encodeURIComponent('+4915112345678')}`);
    expect(listing.body.messages).toHaveLength(1);
    expect(listing.body.messages[0].subject).toBeUndefined();
  });

  it('filters the listing by recipient', async () => {
    await provider.post('/messages', email());
    await provider.post('/messages', email({ to: 'bob@example.com', idempotencyKey: 'other' }));
    const listing = await provider.get('/messages?to=bob@example.com');
    expect(listing.body.messages.map((message: { to: string }) => message.to)).toEqual(['bob@example.com']);
  });

  it('answers 409 when an idempotencyKey is reused for different content', async () => {
    await provider.post('/messages', email());
    const response = await provider.post('/messages', email({ body: 'something else' }));
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('idempotency_conflict');
  });

  it.each([
    [{ channel: 'pigeon' }, 'channel'],
    [{ to: 'not-an-address' }, 'to'],
    [{ channel: 'sms', to: 'ada@example.com' }, 'to'],
    [{ subject: 7 }, 'subject'],
    [{ body: '' }, 'body'],
    [{ idempotencyKey: undefined }, 'idempotencyKey'],
  ])('answers 400 validation for %j', async (overrides, field) => {
    const response = await provider.post('/messages', email(overrides));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation', field });
  });

  it('delivers nothing while errorRate is 1', async () => {
    await provider.setFaults({ errorRate: 1 });
    expect((await provider.post('/messages', email())).status).toBe(503);
    expect((await provider.get('/messages')).body.messages).toHaveLength(0);
  });
});
