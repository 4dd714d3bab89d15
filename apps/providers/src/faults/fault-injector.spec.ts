import { FaultInjector } from './fault-injector';

describe('FaultInjector', () => {
  it('answers without faults by default', () => {
    const injector = new FaultInjector();
    expect(injector.decide()).toEqual({ action: 'answer', latencyMs: 0, injectError: false });
    expect(injector.faultsServed().total).toBe(0);
  });

  it('resets the connection in down mode and hangs in hang mode, before latency or errors', () => {
    const injector = new FaultInjector(() => 0);
    injector.update({ mode: 'down', latencyMs: 100, errorRate: 1 });
    expect(injector.decide()).toEqual({ action: 'reset-connection' });
    injector.update({ mode: 'hang' });
    expect(injector.decide()).toEqual({ action: 'hang' });
    expect(injector.faultsServed()).toMatchObject({ resets: 1, hangs: 1, errors: 0, delayed: 0 });
  });

  it('injects an error when the dice fall under errorRate', () => {
    const rolls = [0.1, 0.9];
    const injector = new FaultInjector(() => rolls.shift()!);
    injector.update({ errorRate: 0.5, latencyMs: 20 });
    expect(injector.decide()).toEqual({ action: 'answer', latencyMs: 20, injectError: true });
    expect(injector.decide()).toEqual({ action: 'answer', latencyMs: 20, injectError: false });
    expect(injector.faultsServed()).toMatchObject({ errors: 1, delayed: 2, total: 3 });
  });

  it('does not roll the dice when errorRate is 0', () => {
    const random = jest.fn(() => 0);
    const injector = new FaultInjector(random);
    injector.decide();
    expect(random).not.toHaveBeenCalled();
  });

  it('uses the seeded generator after a seed and the default one after clear', () => {
    const fallback = jest.fn(() => 0.99);
    const injector = new FaultInjector(fallback);
    injector.update({ errorRate: 0.5, seed: 1 });
    injector.decide();
    expect(fallback).not.toHaveBeenCalled();
    injector.clear();
    injector.update({ errorRate: 0.5 });
    expect(injector.decide()).toMatchObject({ injectError: false });
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('clear restores the defaults and resetCounters zeroes the counters', () => {
    const injector = new FaultInjector();
    injector.update({ mode: 'down' });
    injector.decide();
    expect(injector.clear()).toEqual({ latencyMs: 0, errorRate: 0, mode: 'up', seed: null });
    expect(injector.faultsServed().resets).toBe(1);
    injector.resetCounters();
    expect(injector.faultsServed().total).toBe(0);
  });
});
