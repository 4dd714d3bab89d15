#!/usr/bin/env node
// Fetches (with mvn, from Maven Central) and runs a Zipkin server: the self-contained exec jar of
// io.zipkin:zipkin-server, with in-memory storage, the tracing backend of the dev and e2e fleets.
// Node built-ins only: this runs before `npm install`, like tools/kafka; the JVM launcher both
// share is tools/jvm.
//
//   node tools/zipkin/zipkin.mjs fetch|start|stop|status [--port 9411] [--data-dir DIR]
//
// The pinned version lives in tools/zipkin/pom.xml (<zipkin.version>); see tools/zipkin/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runWhenScript } from '../jvm/command-line.mjs';
import { jvmOptions, requireJava } from '../jvm/java.mjs';
import { launchJava } from '../jvm/launch.mjs';
import { ensureMavenJars, pinnedVersion } from '../jvm/maven-jars.mjs';
import { isAlive, isOurProcess, readPid } from '../jvm/pid-file.mjs';
import { portFree } from '../jvm/ports.mjs';
import { waitUntilReady } from '../jvm/readiness.mjs';
import { terminate } from '../jvm/stop.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const POM = path.join(HERE, 'pom.xml');
export const LIB_DIR = path.join(HERE, 'lib');
export const JAR = path.join(LIB_DIR, 'zipkin-server-exec.jar');

// In-memory storage holds MEM_MAX_SPANS spans (oldest dropped first), bounded so they fit the heap:
// in a whole `npm test` a 256 MB heap that could hold up to 200 000 spans was full after a dozen
// e2e suites (a few hundred orders, 100-200 spans each with their MySQL and Redis calls), and
// Zipkin then answered 500 to every POST and query. 30 000 spans keep the last orders' traces,
// which is what a test or a person looks at. Serial GC, as for Kafka, and C1 only: Spring Boot's
// start-up is mostly JIT work, and a fleet's few spans a second never need C2 (unlike the
// broker's hot loop). Override with env ZIPKIN_JVM_OPTS.
const DEFAULT_JVM_OPTS = ['-Xms64m', '-Xmx768m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k'];
const MAX_SPANS = 30_000;

const logToConsole = (msg) => console.log(`[zipkin] ${msg}`);

/** The pinned Zipkin version (single source of truth: <zipkin.version> in pom.xml). */
export function zipkinVersion() {
  return pinnedVersion({ tool: 'tools/zipkin', pom: POM, property: 'zipkin.version' });
}

export function defaultDataDir(port = 9411) {
  return path.join(REPO_ROOT, '.data', `zipkin-${port}`);
}

/** The files of the server started from dataDir (which must be absolute). */
function serverFiles(dataDir) {
  return {
    pidFile: path.join(dataDir, 'zipkin.pid'),
    logFile: path.join(dataDir, 'zipkin.log'),
    tmpDir: path.join(dataDir, 'tmp'),
  };
}

/**
 * Makes sure tools/zipkin/lib holds the exec jar of the pinned version; runs mvn only when the
 * marker lib/.zipkin-version is missing or names another version.
 */
export async function ensureZipkinJar({
  log = logToConsole,
  mavenRepoLocal = process.env.ZIPKIN_MAVEN_REPO_LOCAL,
} = {}) {
  const version = zipkinVersion();
  requireJava({ tool: 'tools/zipkin', product: `Zipkin ${version}`, missingHint: 'Zipkin 3 needs Java 17+.' });
  const { fetched, ms } = await ensureMavenJars({
    tool: 'tools/zipkin',
    product: 'Zipkin server',
    version,
    toolDir: HERE,
    pom: POM,
    libDir: LIB_DIR,
    marker: '.zipkin-version',
    // the one exec jar the pom names (its own dependencies are inside it)
    goal: 'dependency:copy',
    hasJars: (dir) => fs.existsSync(path.join(dir, path.basename(JAR))),
    repoRoot: REPO_ROOT,
    log,
    mavenRepoLocal,
  });
  return { version, jar: JAR, fetched, ms };
}

/** The pid of the Zipkin started for dataDir, or null. */
function runningServer(dataDir) {
  const pid = readPid(serverFiles(dataDir).pidFile);
  return pid && isOurProcess(pid, [path.basename(JAR), `-Dshop.zipkin.dir=${dataDir}`]) ? pid : null;
}

/** Zipkin's own health check: 200 once storage and the collectors are up. */
export async function probeZipkin(port) {
  return (await healthOf(port)).ready;
}

async function healthOf(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return { ready: res.status === 200, reason: `/health answered ${res.status}` };
  } catch (e) {
    return { ready: false, reason: `/health: ${e.cause?.code ?? e.message}` };
  }
}

function waitForServer({ port, exitedWith, logFile, timeoutMs }) {
  return waitUntilReady({
    tool: 'tools/zipkin',
    what: 'server',
    probe: () => healthOf(port),
    exitedWith,
    logFile,
    timeoutMs,
    pollMs: 200,
  });
}

/**
 * Starts (or reuses) the Zipkin server of dataDir on `port` (UI, query API and the HTTP span
 * collector all on that one port) and waits until /health answers 200.
 */
export async function startZipkin({
  port = 9411,
  dataDir = defaultDataDir(port),
  log = logToConsole,
  timeoutMs = 180_000,
} = {}) {
  dataDir = path.resolve(dataDir);
  const version = zipkinVersion();
  const { pidFile, logFile, tmpDir } = serverFiles(dataDir);
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const existing = runningServer(dataDir);
  if (existing) {
    log(`Zipkin already running (pid ${existing}) on ${url}`);
    await waitForServer({ port, exitedWith: () => (isAlive(existing) ? undefined : 'gone'), logFile, timeoutMs });
    return { pid: existing, url, version, alreadyRunning: true, readyMs: Date.now() - t0 };
  }
  if (!(await portFree(port, '0.0.0.0')))
    throw new Error(`tools/zipkin: port ${port} is already in use by another process.`);
  await ensureZipkinJar({ log });
  fs.mkdirSync(tmpDir, { recursive: true });
  log(`starting Zipkin ${version} on ${url} (in-memory storage), log ${logFile}`);
  const { pid, exited } = launchJava({
    tool: 'tools/zipkin',
    args: [
      ...jvmOptions('ZIPKIN_JVM_OPTS', DEFAULT_JVM_OPTS),
      '-Djava.awt.headless=true',
      `-Djava.io.tmpdir=${tmpDir}`,
      // names the data folder on the command line, so that runningServer() can tell ours apart
      `-Dshop.zipkin.dir=${dataDir}`,
      '-jar',
      JAR,
    ],
    dataDir,
    logFile,
    pidFile,
    env: { ...process.env, QUERY_PORT: String(port), STORAGE_TYPE: 'mem', MEM_MAX_SPANS: String(MAX_SPANS) },
  });
  try {
    await waitForServer({ port, exitedWith: () => exited.code, logFile, timeoutMs });
  } catch (e) {
    await stopZipkin({ dataDir, log: () => undefined });
    throw e;
  }
  const readyMs = Date.now() - t0;
  log(`Zipkin ${version} ready on ${url} (pid ${pid}) in ${(readyMs / 1000).toFixed(1)}s`);
  return { pid, url, version, alreadyRunning: false, readyMs };
}

/** SIGTERM the server of dataDir (by its pid file), SIGKILL after timeoutMs. */
export async function stopZipkin({ dataDir, port = 9411, log = logToConsole, timeoutMs = 15_000 } = {}) {
  dataDir = path.resolve(dataDir ?? defaultDataDir(port));
  const { pidFile } = serverFiles(dataDir);
  const pid = runningServer(dataDir);
  if (pid) await terminate({ pid, timeoutMs });
  fs.rmSync(pidFile, { force: true });
  if (!pid) return { stopped: false, pid: null };
  log(`Zipkin stopped (pid ${pid})`);
  return { stopped: true, pid };
}

export async function zipkinStatus({ dataDir, port = 9411 } = {}) {
  dataDir = path.resolve(dataDir ?? defaultDataDir(port));
  const pid = runningServer(dataDir);
  if (!pid) return { running: false, pid: null, ready: false };
  return { running: true, pid, ready: await probeZipkin(port) };
}

async function main(argv) {
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

runWhenScript(import.meta.url, main);
