// Waiting for a JVM service to answer: a live process is not a ready one (Kafka opens its port
// while still fenced, Zipkin before its collectors are up), so readiness is the service's own
// probe, polled until a deadline. A process that dies is reported at once with its log's tail.
import { setTimeout as sleep } from 'node:timers/promises';

import { tailOf } from './service-log.mjs';

/**
 * Polls probe() every pollMs until it answers ready; throws when exitedWith() reports an exit,
 * or after timeoutMs, with the tail of logFile.
 * @param {{ tool: string, what: string, probe: () => Promise<{ ready: boolean, reason: string }>,
 *           exitedWith: () => number | string | undefined, logFile: string, timeoutMs: number,
 *           pollMs: number, onWaiting?: (reason: string, elapsedMs: number) => void }} opts
 *   what: the service in the messages ('broker'); exitedWith: undefined while the process lives;
 *   onWaiting: told why it is not ready yet, when the reason changes and at least every 5 s.
 * @returns {Promise<number>} how long it waited, in ms
 */
export async function waitUntilReady({ tool, what, probe, exitedWith, logFile, timeoutMs, pollMs, onWaiting }) {
  const t0 = Date.now();
  let last = '';
  let lastReported = 0;
  while (Date.now() - t0 < timeoutMs) {
    const exit = exitedWith();
    if (exit !== undefined) {
      throw new Error(`${tool}: the ${what} exited (${exit}) during start-up. Tail of ${logFile}:\n${tailOf(logFile)}`);
    }
    const p = await probe();
    if (p.ready) return Date.now() - t0;
    if (onWaiting && (p.reason !== last || Date.now() - lastReported > 5000)) {
      onWaiting(p.reason, Date.now() - t0);
      lastReported = Date.now();
    }
    last = p.reason;
    await sleep(pollMs);
  }
  throw new Error(
    `${tool}: the ${what} did not become ready within ${timeoutMs / 1000}s (${last}). Tail of ${logFile}:\n${tailOf(logFile)}`,
  );
}
