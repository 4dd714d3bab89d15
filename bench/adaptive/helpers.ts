/** What the scenarios of `npm run bench:adaptive` share: seeded randomness, open-loop load, percentiles, tables. */

/** Nearest-rank percentiles and mulberry32 (bench/support): every stack of a scenario sees the same draws. */
export { percentile, seededRandom as seeded } from '../support/stats';

/**
 * Open-loop load, as real clients make it: request `i` is launched at `i / rate` seconds whatever
 * the answers to earlier ones (a tick every `tickMs` launches all that are due). Resolves when
 * every launched request has settled.
 */
export async function offerLoad(
  rate: number,
  count: number,
  launch: (i: number, scheduledMs: number) => Promise<unknown>,
  tickMs = 1,
): Promise<void> {
  const started = performance.now();
  const pending: Array<Promise<unknown>> = [];
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(count, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      for (; sent < due; sent++) pending.push(launch(sent, (sent * 1000) / rate));
      if (sent < count) setTimeout(tick, tickMs);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
}

/** Wait `ms`, stopping (rejecting with the reason) when `signal` aborts, like a real client. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A Markdown table, each column as wide as its widest cell. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}
