import { toRecord } from './delivery-log.service';

describe('toRecord (checks a delivery attempt before it is logged)', () => {
  const at = new Date('2026-11-25T09:00:00.000Z');
  const base = { notificationId: 'n-1', channel: 'email', to: 'a@example.com', attempt: 1, outcome: 'sent' as const };

  it('fills absent optional fields with null so Redis and MySQL values agree', () => {
    expect(toRecord(base, at)).toEqual({
      ...base,
      orderId: null,
      error: null,
      providerMessageId: null,
      attemptedAt: '2026-11-25T09:00:00.000Z',
    });
  });

  it('keeps the optional fields it is given', () => {
    const record = toRecord(
      { ...base, outcome: 'failed', orderId: 'o-1', error: 'provider 503', providerMessageId: 'pm-1' },
      at,
    );
    expect(record).toMatchObject({
      orderId: 'o-1',
      error: 'provider 503',
      providerMessageId: 'pm-1',
      outcome: 'failed',
    });
  });

  it('refuses attempts a caller got wrong', () => {
    expect(() => toRecord({ ...base, notificationId: '' }, at)).toThrow(/notificationId/);
    expect(() => toRecord({ ...base, attempt: 1.5 }, at)).toThrow(/attempt/);
    expect(() => toRecord({ ...base, outcome: 'lost' as never }, at)).toThrow(/outcome/);
    expect(() => toRecord({ ...base, channel: 'carrier-pigeon-express' }, at)).toThrow(/channel/);
  });
});
