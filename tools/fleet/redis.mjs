import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { isListening, waitForPort } from './infrastructure.mjs';
import { FleetError } from './log.mjs';
import { runningPid, stopProcess } from './processes.mjs';

const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * The settings the fleet's Redis runs with, the same as docker/compose.yaml and k8s: the
 * append-only file on (write-behind and the activity log answer 202 once an entry is in Redis, so
 * it must survive a restart), fsynced once a second; no RDB snapshots.
 */
export const REDIS_PERSISTENCE = { appendonly: 'yes', appendfsync: 'everysec', save: '' };

/**
 * Starts the fleet's own Redis on its profile's port, with its data (the AOF) in `dataDir`, as a
 * detached process whose pid `npm stop` finds in the run folder. The machine's shared Redis is
 * left alone. Starting one that runs does nothing.
 */
export async function startRedis({ dir, port, dataDir, log }) {
  if (runningPid(dir, 'redis')) {
    await waitForPort('127.0.0.1', port, 'Redis', 10_000);
    log(`Redis already running on 127.0.0.1:${port}, data in ${dataDir}`);
    return;
  }
  if (!existsSync(REDIS_SERVER)) {
    throw new FleetError(`Redis is not installed (${REDIS_SERVER}): apt-get install redis-server`);
  }
  if (await isListening('127.0.0.1', port)) {
    throw new FleetError(`port ${port}, where this fleet's Redis runs, is taken by another process`);
  }
  mkdirSync(dataDir, { recursive: true });
  const out = openSync(join(dir, 'logs', 'redis.log'), 'a');
  const settings = { port, bind: '127.0.0.1', dir: dataDir, ...REDIS_PERSISTENCE, daemonize: 'no' };
  const args = Object.entries(settings).flatMap(([name, value]) => [`--${name}`, String(value)]);
  const child = spawn(REDIS_SERVER, args, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  writeFileSync(join(dir, 'pids', 'redis.pid'), String(child.pid));
  await waitForPort('127.0.0.1', port, 'Redis', 15_000);
  log(`Redis started (pid ${child.pid}) on 127.0.0.1:${port}, AOF in ${dataDir}`);
}

/** SIGTERM: Redis fsyncs its AOF and exits. */
export function stopRedis(dir) {
  return stopProcess(dir, 'redis');
}

export function isRedisRunning(dir) {
  return runningPid(dir, 'redis') !== undefined;
}
