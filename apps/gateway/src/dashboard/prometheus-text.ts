/** One sample of the Prometheus text exposition format: `name{label="value",…} value`. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * Samples of a `/metrics` page, keeping only the metric families whose name starts with one of
 * `prefixes` (the dashboard reads a few families out of pages of several hundred lines).
 * Comments and malformed lines are skipped rather than failing the whole page.
 */
export function parsePrometheusText(text: string, prefixes: readonly string[]): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || !prefixes.some((p) => line.startsWith(p))) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value) && match[3] !== 'NaN') continue;
    // Own properties only (fromEntries defines them): a label named `__proto__` stays a label.
    const labels: Record<string, string> = Object.fromEntries(
      [...(match[2] ?? '').matchAll(LABEL)].map(([, key, raw]) => [
        key,
        raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)),
      ]),
    );
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}
