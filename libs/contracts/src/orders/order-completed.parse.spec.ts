import { anOrderCompletedEvent } from '../testing/order-completed.fixture';
import { parseOrderCompleted } from './order-completed.parse';

describe('parseOrderCompleted', () => {
  it('accepts an event of the contract as it is', () => {
    expect(parseOrderCompleted(anOrderCompletedEvent())).toEqual({ ok: true, event: anOrderCompletedEvent() });
  });

  it('names every problem of a malformed event', () => {
    const bad = {
      ...anOrderCompletedEvent(),
      version: 2,
      orderId: "o'; DROP TABLE order_lines; --",
      completedAt: 'yesterday',
      lines: [{ sku: 'A', quantity: 0, unitPriceCents: -1 }, null],
    };
    const parsed = parseOrderCompleted(bad);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([
      'version must be 1',
      'orderId must be 1-64 letters, digits, . _ : / -',
      'completedAt must be an ISO date',
      'lines.0.quantity must be a whole number ≥ 1',
      'lines.0.unitPriceCents must be a whole number ≥ 0',
      'lines.1.sku must be 1-64 letters, digits, . _ : / -',
      'lines.1.quantity must be a whole number ≥ 1',
      'lines.1.unitPriceCents must be a whole number ≥ 0',
    ]);
  });

  it('refuses what is not an object, and an order without lines', () => {
    expect(parseOrderCompleted('{"orderId":"o-1"}')).toEqual({ ok: false, problems: ['payload is not an object'] });
    expect(parseOrderCompleted(null).ok).toBe(false);
    expect(parseOrderCompleted(anOrderCompletedEvent({ lines: [] }))).toEqual({
      ok: false,
      problems: ['lines must be a list of 1-200 lines'],
    });
  });
});
