import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shared helpers of the e2e suite: where the e2e fleet runs and how to drive it. */
export const ROOT = join(__dirname, '..', '..', '..');
/** Which e2e fleet to use: `e2e` by default; `E2E_PROFILE=e2e-b` etc. run a second one beside it. */
export const PROFILE = process.env.E2E_PROFILE ?? 'e2e';
export const RUN_DIR = join(ROOT, '.run', PROFILE);
const CLI = join(ROOT, 'tools', 'fleet', 'cli.mjs');

export interface FleetProcess {
  name: string;
  role: 'app' | 'provider';
  port: number;
  readyPath: string;
  script: string;
  env: Record<string, string>;
}

export interface FleetInfo {
  kafkaBrokers: string;
  /** The fleet's Zipkin: UI at /zipkin/, query API at /api/v2/. */
  zipkinUrl: string;
  adminApiKey: string;
  processes: FleetProcess[];
}

export function fleet(): FleetInfo {
  return JSON.parse(readFileSync(join(RUN_DIR, 'fleet.json'), 'utf8')) as FleetInfo;
}

export function processNamed(name: string): FleetProcess {
  const found = fleet().processes.find((p) => p.name === name);
  if (!found) throw new Error(`no process ${name} in the e2e fleet`);
  return found;
}

export function urlOf(name: string, path: string): string {
  return `http://127.0.0.1:${processNamed(name).port}${path}`;
}

/**
 * Runs the fleet CLI for the e2e profile (start only starts what is not running). Inside the
 * suite, restarts use the build the suite started with (`--skip-build`). It never blocks the
 * event loop: while a start waits for readiness (seconds), the apps' HTTP servers close idle
 * keep-alive sockets (after 5 s), and a loop that cannot see those closes hands the next `fetch`
 * a dead pooled socket ("other side closed").
 */
export function fleetCli(command: 'start' | 'stop', options: { build?: boolean; quiet?: boolean } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, fleetCliArgs(command, options), {
      cwd: ROOT,
      stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`fleet ${command} --profile ${PROFILE} failed with exit code ${code}`)),
    );
  });
}

function fleetCliArgs(command: 'start' | 'stop', options: { build?: boolean } = {}): string[] {
  return [CLI, command, '--profile', PROFILE, ...(options.build ? [] : ['--skip-build'])];
}

export function pidOf(name: string): number | undefined {
  const file = join(RUN_DIR, 'pids', `${name}.pid`);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Polls `condition` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  condition: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const value = await condition();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : ''}`,
  );
}

/** Sends SIGTERM to one fleet process and waits for it to exit. */
export async function stopFleetProcess(name: string): Promise<void> {
  const pid = pidOf(name);
  if (!pid) throw new Error(`${name} is not running`);
  process.kill(pid, 'SIGTERM');
  await eventually(`${name} to exit`, async () => (pidOf(name) === undefined ? true : undefined), 20_000);
}

/**
 * Starts one more instance of an app's built entry point with the fleet's env plus `overrides`
 * (for start-up checks); resolves with its exit code and output, killing it after 20 s.
 */
export function runApp(
  name: string,
  overrides: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const proc = processNamed(name);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', proc.script], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...proc.env,
        TS_NODE_BASEURL: './dist',
        TS_NODE_PROJECT: 'tsconfig.base.json',
        ...overrides,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}

export interface ExtraInstance {
  port: number;
  url: (path: string) => string;
  output: () => string;
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<void>;
}

/**
 * Starts one more instance of an app's built entry point on `port` with the fleet's env plus
 * `overrides`, and resolves once its readiness probe answers 200 (or rejects with its output
 * when it exits first). The caller stops it.
 */
export async function startExtraInstance(
  name: string,
  port: number,
  overrides: Record<string, string> = {},
): Promise<ExtraInstance> {
  const proc = processNamed(name);
  const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', proc.script], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...proc.env,
      TS_NODE_BASEURL: './dist',
      TS_NODE_PROJECT: 'tsconfig.base.json',
      PORT: String(port),
      ...overrides,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = (path: string): string => `http://127.0.0.1:${port}${path}`;
  const stop = async (): Promise<void> => {
    if (!gone) child.kill('SIGTERM');
    await exited;
  };
  try {
    await eventually(`${name} on ${port} to be ready`, async () => {
      if (gone) throw new Error(`exited before ready:\n${output.slice(-2000)}`);
      const response = await fetch(url(proc.readyPath));
      return response.status === 200 ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, url, output: () => output, stop };
}
