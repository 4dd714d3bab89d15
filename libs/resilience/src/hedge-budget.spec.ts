import { HedgeBudget } from './hedge-budget';

describe('HedgeBudget', () => {
  it('lets ratio × calls + burst hedges through, even when the ratio does not add up exactly in floats', () => {
    const budget = new HedgeBudget(0.05, 2);
    let granted = 0;
    for (let call = 0; call < 1000; call++) {
      budget.deposit();
      if (budget.tryWithdraw()) granted++;
    }
    // The burst of 2, then one per 20 calls: 999 deposits after the first (capped at a full
    // bucket) are worth 49.95 tokens.
    expect(granted).toBe(2 + 49);
  });

  it('never refuses without a ratio, and keeps its fill capped when the burst shrinks', () => {
    const open = new HedgeBudget(undefined, 0);
    expect([1, 2, 3].every(() => open.tryWithdraw())).toBe(true);
    const budget = new HedgeBudget(0.5, 10);
    budget.update(0.5, 1);
    expect(budget.available).toBe(1);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
  });
});
