// Stopping a JVM service by its recorded pid: SIGTERM lets Kafka shut down in a controlled way
// (and Zipkin flush nothing, it keeps spans in memory); SIGKILL only when it does not end in time.
import { setTimeout as sleep } from 'node:timers/promises';

import { isAlive } from './pid-file.mjs';

/** How long to wait for the process to be gone after SIGKILL (the kernel reaps it in ms). */
const AFTER_KILL_MS = 5000;

/**
 * SIGTERM pid, wait up to timeoutMs for it to end, then SIGKILL it and wait for it to be gone.
 * @param {{ pid: number, timeoutMs: number, onKill?: () => void }} opts onKill: told before SIGKILL
 * @returns {Promise<number>} how long it took, in ms
 */
export async function terminate({ pid, timeoutMs, onKill }) {
  const t0 = Date.now();
  signal(pid, 'SIGTERM');
  while (isAlive(pid) && Date.now() - t0 < timeoutMs) await sleep(100);
  if (isAlive(pid)) {
    onKill?.();
    signal(pid, 'SIGKILL');
    while (isAlive(pid) && Date.now() - t0 < timeoutMs + AFTER_KILL_MS) await sleep(100);
  }
  return Date.now() - t0;
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    /* already gone */
  }
}
