import { LAST_STEP, retryDueInMs, SAGA_DEFINITION, SAGA_POLICY, stepDefinition } from './saga.definition';

describe('saga definition', () => {
  it('lists the six steps in order, each with a compensation', () => {
    expect(SAGA_DEFINITION.map((s) => s.name)).toEqual([
      'CREATE_ORDER',
      'RESERVE_INVENTORY',
      'QUOTE_SHIPPING',
      'CHARGE_PAYMENT',
      'CONFIRM_ORDER',
      'SEND_CONFIRMATION',
    ]);
    expect(SAGA_DEFINITION.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(LAST_STEP).toBe(6);
    expect(stepDefinition(2).compensation).toMatchObject({ kind: 'command', action: 'RELEASE_STOCK' });
    expect(stepDefinition(4).compensation).toMatchObject({ kind: 'command', action: 'REFUND_PAYMENT' });
    expect(() => stepDefinition(7)).toThrow('no saga step 7');
  });

  it('retries a step after its time budget plus a jittered, growing, capped backoff', () => {
    const reserve = stepDefinition(2);
    expect(retryDueInMs(reserve, 1, () => 0)).toBe(reserve.attemptTimeoutMs);
    expect(retryDueInMs(reserve, 1, () => 0.999)).toBe(reserve.attemptTimeoutMs + 250);
    expect(retryDueInMs(reserve, 3, () => 0.5)).toBe(reserve.attemptTimeoutMs + 500);
    expect(retryDueInMs(reserve, 30, () => 0.999)).toBeLessThanOrEqual(
      reserve.attemptTimeoutMs + SAGA_POLICY.backoff.maxDelayMs,
    );
  });

  it('gives jitter: two sagas retrying the same attempt rarely wait the same time', () => {
    const waits = new Set(Array.from({ length: 20 }, () => retryDueInMs(stepDefinition(4), 4)));
    expect(waits.size).toBeGreaterThan(10);
  });
});
