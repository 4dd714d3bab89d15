import { runsByTraceContext } from './outbox.relay';

describe('runsByTraceContext (the relay publishes each run in its own trace)', () => {
  const row = (id: number, trace_context: string | null) => ({ id, trace_context });

  it('keeps id order and splits only where the trace changes', () => {
    const rows = [row(1, 'a'), row(2, 'a'), row(3, 'b'), row(4, 'a'), row(5, null), row(6, null)];
    expect(runsByTraceContext(rows).map((run) => run.map((r) => r.id))).toEqual([[1, 2], [3], [4], [5, 6]]);
  });

  it('is one run when tracing is off (every trace_context NULL)', () => {
    expect(runsByTraceContext([row(1, null), row(2, null), row(3, null)])).toHaveLength(1);
    expect(runsByTraceContext([])).toEqual([]);
  });
});
