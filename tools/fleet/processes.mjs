import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { FleetError, log } from './log.mjs';

/** Where a profile keeps pid files and logs: .run/<profile>/ (git-ignored). */
export function runDir(root, profile) {
  const dir = join(root, '.run', profile.name);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(join(dir, 'pids'), { recursive: true });
  return dir;
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const pidFile = (dir, name) => join(dir, 'pids', `${name}.pid`);

export function runningPid(dir, name) {
  const file = pidFile(dir, name);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8'));
  return pid > 0 && isAlive(pid) ? pid : undefined;
}

/**
 * Starts one fleet process detached from this one (it outlives `npm start`), logging to
 * .run/<profile>/logs/<name>.log, and records its pid so `npm stop` stops exactly it.
 */
export function startProcess(root, dir, proc, baseEnv) {
  const existing = runningPid(dir, proc.name);
  if (existing) return existing;
  const logPath = join(dir, 'logs', `${proc.name}.log`);
  const out = openSync(logPath, 'a');
  // FLEET_NODE_ARGS: extra Node flags for every fleet process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
  // (flags Node refuses in NODE_OPTIONS); see docs/performance.md.
  const extra = (baseEnv.FLEET_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...extra, '--enable-source-maps', '-r', 'tsconfig-paths/register', proc.script];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...baseEnv, ...proc.env, TS_NODE_BASEURL: './dist', TS_NODE_PROJECT: 'tsconfig.base.json' },
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  writeFileSync(pidFile(dir, proc.name), String(child.pid));
  return child.pid;
}

/** Polls `GET url` until it answers 200, printing what it waits for; fails with the log's tail. */
export async function waitUntilReady(procs, dir, deadlineMs) {
  const pending = new Map(procs.map((p) => [p.name, p]));
  const until = Date.now() + deadlineMs;
  let lastReport = 0;
  while (pending.size > 0) {
    for (const proc of [...pending.values()]) {
      const pid = runningPid(dir, proc.name);
      if (!pid) throw new FleetError(`${proc.name} exited during start-up. Last log lines:\n${tail(dir, proc.name)}`);
      if (await answers200(`http://127.0.0.1:${proc.port}${proc.readyPath}`)) {
        pending.delete(proc.name);
        log.step(`${proc.name} is ready on :${proc.port}`);
      }
    }
    if (pending.size === 0) break;
    if (Date.now() > until) {
      const names = [...pending.keys()];
      throw new FleetError(
        `not ready within ${deadlineMs / 1000}s: ${names.join(', ')}. Last log lines of ${names[0]}:\n${tail(dir, names[0])}`,
      );
    }
    if (Date.now() - lastReport > 3000) {
      log.step(`waiting for readiness of ${[...pending.keys()].join(', ')}…`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function answers200(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

export function tail(dir, name, lines = 15) {
  const path = join(dir, 'logs', `${name}.log`);
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** SIGTERM, wait for a graceful exit, SIGKILL after the deadline. Only pids we recorded. */
export async function stopProcess(dir, name, deadlineMs = 15_000) {
  const pid = runningPid(dir, name);
  rmSync(pidFile(dir, name), { force: true });
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const until = Date.now() + deadlineMs;
  while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    log.warn(`${name} (pid ${pid}) ignored SIGTERM for ${deadlineMs / 1000}s: killing it`);
    process.kill(pid, 'SIGKILL');
  }
  return true;
}
