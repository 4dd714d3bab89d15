#!/usr/bin/env node
// Fetches (with mvn, from Maven Central) and runs a Zipkin server: the self-contained exec jar of
// io.zipkin:zipkin-server, with in-memory storage, the tracing backend of the dev and e2e fleets.
// Node built-ins only: this runs before `npm install`, like tools/kafka.
//
//   node tools/zipkin/zipkin.mjs fetch|start|stop|status [--port 9411] [--data-dir DIR]
//
// The pinned version lives in tools/zipkin/pom.xml (<zipkin.version>); see tools/zipkin/README.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const POM = path.join(HERE, 'pom.xml');
export const LIB_DIR = path.join(HERE, 'lib');
export const JAR = path.join(LIB_DIR, 'zipkin-server-exec.jar');
const MARKER = path.join(LIB_DIR, '.zipkin-version');
const PID_FILE = 'zipkin.pid';
const LOG_FILE = 'zipkin.log';

// In-memory storage holds MEM_MAX_SPANS spans (oldest dropped first), bounded so they fit the heap:
// in a whole `npm test` a 256 MB heap that could hold up to 200 000 spans was full after a dozen
// e2e suites (a few hundred orders, 100-200 spans each with their MySQL and Redis calls), and
// Zipkin then answered 500 to every POST and query. 30 000 spans keep the last orders' traces,
// which is what a test or a person looks at. Serial GC, as for Kafka, and C1 only: Spring Boot's
// start-up is mostly JIT work, and a fleet's few spans a second never need C2 (unlike the
// broker's hot loop). Override with env ZIPKIN_JVM_OPTS.
const DEFAULT_JVM_OPTS = ['-Xms64m', '-Xmx768m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k'];
const MAX_SPANS = 30_000;
const jvmOpts = () =>
  process.env.ZIPKIN_JVM_OPTS ? process.env.ZIPKIN_JVM_OPTS.trim().split(/\s+/) : DEFAULT_JVM_OPTS;

const defaultLog = (msg) => console.log(`[zipkin] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The pinned Zipkin version (single source of truth: <zipkin.version> in pom.xml). */
export function zipkinVersion() {
  const m = /<zipkin\.version>\s*([^<\s]+)\s*<\/zipkin\.version>/.exec(fs.readFileSync(POM, 'utf8'));
  if (!m) throw new Error(`tools/zipkin: no <zipkin.version> in ${POM}`);
  return m[1];
}

export function defaultDataDir(port = 9411) {
  return path.join(REPO_ROOT, '.data', `zipkin-${port}`);
}

function runs(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.error ? null : `${r.stdout || ''}${r.stderr || ''}`;
}

function requireJava() {
  const out = runs('java', ['-version']);
  if (out == null) throw new Error('tools/zipkin: `java` not found on PATH. Zipkin 3 needs Java 17+.');
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  const major = m ? (Number(m[1]) === 1 ? Number(m[2]) : Number(m[1])) : 17;
  if (major < 17) throw new Error(`tools/zipkin: Java ${major} found, Zipkin ${zipkinVersion()} needs Java 17+.`);
}

function jarPresent(version) {
  try {
    return fs.readFileSync(MARKER, 'utf8').trim() === version && fs.existsSync(JAR);
  } catch {
    return false;
  }
}

/**
 * Makes sure tools/zipkin/lib holds the exec jar of the pinned version; runs mvn only when the
 * marker lib/.zipkin-version is missing or names another version. mvn copies into target/ first
 * and the folder is renamed when complete, so an interrupted fetch never looks done.
 */
export async function ensureZipkinJar({ log = defaultLog, mavenRepoLocal = process.env.ZIPKIN_MAVEN_REPO_LOCAL } = {}) {
  const version = zipkinVersion();
  requireJava();
  if (jarPresent(version)) return { version, jar: JAR, fetched: false, ms: 0 };
  if (runs('mvn', ['-v']) == null) {
    throw new Error(
      `tools/zipkin: the Zipkin ${version} jar is missing in ${LIB_DIR} and \`mvn\` is not on PATH. ` +
        'Install Maven 3.8+ (e.g. apt-get install maven); it fetches the jar from Maven Central.',
    );
  }
  const t0 = Date.now();
  log(`fetching Zipkin server ${version} from Maven Central with mvn… (one-time, into tools/zipkin/lib/)`);
  const tmp = path.join(HERE, 'target', `lib.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const args = ['-B', '-ntp', '-q', '-f', POM, 'dependency:copy', `-DoutputDirectory=${tmp}`];
  if (mavenRepoLocal) args.push(`-Dmaven.repo.local=${path.resolve(mavenRepoLocal)}`);
  const r = spawnSync('mvn', args, { cwd: HERE, encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(path.join(tmp, 'zipkin-server-exec.jar'))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n    ');
    throw new Error(`tools/zipkin: mvn failed (exit ${r.status}): mvn ${args.join(' ')}\n    ${output}`);
  }
  fs.writeFileSync(path.join(tmp, '.zipkin-version'), `${version}\n`);
  fs.rmSync(LIB_DIR, { recursive: true, force: true });
  try {
    fs.renameSync(tmp, LIB_DIR);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!jarPresent(version)) throw e; // a concurrent fetch of the same version won the race: fine
  }
  const ms = Date.now() - t0;
  log(`fetched Zipkin server ${version} in ${(ms / 1000).toFixed(1)}s`);
  return { version, jar: JAR, fetched: true, ms };
}

function readPid(dataDir) {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** True if pid is alive and (where /proc exists) is the Zipkin started for this dataDir (guards pid reuse). */
function isOurServer(pid, dataDir) {
  if (!isAlive(pid)) return false;
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('zipkin-server-exec.jar') && cmd.includes(`-Dshop.zipkin.dir=${path.resolve(dataDir)}`);
  } catch {
    return !fs.existsSync('/proc/self');
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Zipkin's own health check: 200 once storage and the collectors are up. */
export async function probeZipkin(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts (or reuses) the Zipkin server of dataDir on `port` (UI, query API and the HTTP span
 * collector all on that one port) and waits until /health answers 200.
 */
export async function startZipkin({
  port = 9411,
  dataDir = defaultDataDir(port),
  log = defaultLog,
  timeoutMs = 180_000,
} = {}) {
  dataDir = path.resolve(dataDir);
  const version = zipkinVersion();
  const pidFile = path.join(dataDir, PID_FILE);
  const logFile = path.join(dataDir, LOG_FILE);
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const existing = readPid(dataDir);
  if (existing && isOurServer(existing, dataDir)) {
    log(`Zipkin already running (pid ${existing}) on ${url}`);
    await waitReady(port, () => isAlive(existing), logFile, timeoutMs);
    return { pid: existing, url, version, alreadyRunning: true, readyMs: Date.now() - t0 };
  }
  if (!(await portFree(port))) throw new Error(`tools/zipkin: port ${port} is already in use by another process.`);
  await ensureZipkinJar({ log });
  fs.mkdirSync(path.join(dataDir, 'tmp'), { recursive: true });
  if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.prev`);
  const fd = fs.openSync(logFile, 'a');
  log(`starting Zipkin ${version} on ${url} (in-memory storage), log ${logFile}`);
  const child = spawn(
    'java',
    [
      ...jvmOpts(),
      '-Djava.awt.headless=true',
      `-Djava.io.tmpdir=${path.join(dataDir, 'tmp')}`,
      `-Dshop.zipkin.dir=${dataDir}`,
      '-jar',
      JAR,
    ],
    {
      cwd: dataDir,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, QUERY_PORT: String(port), STORAGE_TYPE: 'mem', MEM_MAX_SPANS: String(MAX_SPANS) },
    },
  );
  fs.closeSync(fd);
  let exited;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  if (!child.pid) throw new Error('tools/zipkin: could not spawn java');
  fs.writeFileSync(pidFile, `${child.pid}\n`);
  child.unref();
  try {
    await waitReady(port, () => exited === undefined, logFile, timeoutMs);
  } catch (e) {
    await stopZipkin({ dataDir, log: () => undefined });
    throw e;
  }
  const readyMs = Date.now() - t0;
  log(`Zipkin ${version} ready on ${url} (pid ${child.pid}) in ${(readyMs / 1000).toFixed(1)}s`);
  return { pid: child.pid, url, version, alreadyRunning: false, readyMs };
}

async function waitReady(port, alive, logFile, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!alive())
      throw new Error(`tools/zipkin: the server exited during start-up. Tail of ${logFile}:\n${tail(logFile)}`);
    if (await probeZipkin(port)) return;
    await sleep(200);
  }
  throw new Error(`tools/zipkin: not ready within ${timeoutMs / 1000}s. Tail of ${logFile}:\n${tail(logFile)}`);
}

/** SIGTERM the server of dataDir (by its pid file), SIGKILL after timeoutMs. */
export async function stopZipkin({ dataDir, port = 9411, log = defaultLog, timeoutMs = 15_000 } = {}) {
  dataDir = path.resolve(dataDir ?? defaultDataDir(port));
  const pidFile = path.join(dataDir, PID_FILE);
  const pid = readPid(dataDir);
  if (!pid || !isOurServer(pid, dataDir)) {
    fs.rmSync(pidFile, { force: true });
    return { stopped: false, pid: null };
  }
  process.kill(pid, 'SIGTERM');
  const t0 = Date.now();
  while (isAlive(pid) && Date.now() - t0 < timeoutMs) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(pidFile, { force: true });
  log(`Zipkin stopped (pid ${pid})`);
  return { stopped: true, pid };
}

export async function zipkinStatus({ dataDir, port = 9411 } = {}) {
  dataDir = path.resolve(dataDir ?? defaultDataDir(port));
  const pid = readPid(dataDir);
  if (!pid || !isOurServer(pid, dataDir)) return { running: false, pid: null, ready: false };
  return { running: true, pid, ready: await probeZipkin(port) };
}

async function main() {
  const argv = process.argv.slice(2);
  const value = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = Number(value('port') ?? 9411);
  const common = { port, dataDir: value('data-dir') ?? defaultDataDir(port) };
  switch (argv[0]) {
    case 'fetch':
      await ensureZipkinJar({});
      console.log(`Zipkin ${zipkinVersion()}: ${JAR}`);
      return 0;
    case 'start': {
      const r = await startZipkin(common);
      console.log(`Zipkin UI and API: ${r.url}  (pid ${r.pid})`);
      return 0;
    }
    case 'stop':
      await stopZipkin(common);
      return 0;
    case 'status': {
      const s = await zipkinStatus(common);
      console.log(s.running ? `running: pid ${s.pid}, ${s.ready ? 'ready' : 'NOT ready'}` : 'not running');
      return s.running ? 0 : 3;
    }
    default:
      console.error('usage: node tools/zipkin/zipkin.mjs fetch|start|stop|status [--port 9411] [--data-dir DIR]');
      return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e.message || e);
      process.exit(1);
    },
  );
}
