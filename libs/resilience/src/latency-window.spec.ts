import { LatencyWindow } from './latency-window';

describe('LatencyWindow', () => {
  it('gives nearest-rank percentiles and the success rate of the recorded calls', () => {
    const w = new LatencyWindow(100);
    for (let i = 1; i <= 100; i++) w.record(i, i % 10 !== 0);
    expect(w.percentiles([50, 95, 99])).toEqual([50, 95, 99]);
    expect(w.successRate()).toBeCloseTo(0.9);
  });

  it('keeps only the most recent `size` calls', () => {
    const w = new LatencyWindow(4);
    [1000, 1000, 1000, 1000, 1, 2, 3, 4].forEach((ms, i) => w.record(ms, i >= 4));
    expect(w.calls).toBe(4);
    expect(w.percentiles([100])).toEqual([4]);
    expect(w.successRate()).toBe(1);
  });

  it('reports nothing for an empty window', () => {
    expect(new LatencyWindow(8).percentiles([50])).toEqual([undefined]);
    expect(new LatencyWindow(8).successRate()).toBe(1);
  });
});
