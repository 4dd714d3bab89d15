import { parsePrometheusText } from './prometheus-text';

describe('parsePrometheusText', () => {
  const page = [
    '# HELP resilience_circuit_state Circuit breaker state',
    '# TYPE resilience_circuit_state gauge',
    'resilience_circuit_state{dependency="payment_provider"} 1',
    'resilience_bulkhead_active{dependency="payment_provider",lane="critical"} 3',
    'resilience_call_duration_seconds_bucket{dependency="payment_provider",le="+Inf"} 12',
    'process_cpu_seconds_total 4.2',
    'write_behind_pending{store="activity-logs"} 17 1732600000000',
    'resilience_weird{dependency="a \\"quoted\\" name"} 2',
    'resilience_broken{dependency="x"} not-a-number',
  ].join('\n');

  it('reads name, labels and value of the families asked for', () => {
    const samples = parsePrometheusText(page, ['resilience_circuit_state', 'resilience_bulkhead_']);
    expect(samples).toEqual([
      { name: 'resilience_circuit_state', labels: { dependency: 'payment_provider' }, value: 1 },
      { name: 'resilience_bulkhead_active', labels: { dependency: 'payment_provider', lane: 'critical' }, value: 3 },
    ]);
  });

  it('keeps +Inf bucket labels, ignores timestamps and unescapes label values', () => {
    const samples = parsePrometheusText(page, ['resilience_', 'write_behind_']);
    expect(samples.find((s) => s.name.endsWith('_bucket'))?.labels.le).toBe('+Inf');
    expect(samples.find((s) => s.name === 'write_behind_pending')?.value).toBe(17);
    expect(samples.find((s) => s.name === 'resilience_weird')?.labels.dependency).toBe('a "quoted" name');
  });

  it('skips lines whose value is not a number instead of failing the page', () => {
    expect(parsePrometheusText(page, ['resilience_broken'])).toEqual([]);
  });
});

describe('parsePrometheusText with hostile label names', () => {
  it('keeps a label named __proto__ as an own label, never as the prototype', () => {
    const [sample] = parsePrometheusText('resilience_x{__proto__="polluted",lane="critical"} 1', ['resilience_']);
    expect(Object.hasOwn(sample.labels, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(sample.labels)).toBe(Object.prototype);
    expect(sample.labels.lane).toBe('critical');
  });
});
