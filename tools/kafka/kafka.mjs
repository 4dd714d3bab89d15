#!/usr/bin/env node
// Fetches (with mvn, from Maven Central) and runs a single-node Apache Kafka broker in KRaft mode
// (combined broker + controller, node.id=1, 127.0.0.1 only). Node built-ins only: this runs before
// `npm install`; only createTopics() needs kafkajs, loaded lazily from the repo root.
//
//   node tools/kafka/kafka.mjs fetch|start|stop|status [--port 9092] [--controller-port 9093] [--data-dir DIR]
//
// The pinned Kafka version lives in tools/kafka/pom.xml (<kafka.version>); see tools/kafka/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const POM = path.join(HERE, 'pom.xml');
export const LIB_DIR = path.join(HERE, 'lib');
const MARKER = path.join(LIB_DIR, '.kafka-version');

const PID_FILE = 'kafka.pid';
const LOG_FILE = 'kafka.log';
const PROPS_FILE = 'server.properties';
// Small heap and serial GC: the broker is up sooner than with G1 (measured, see README). The full
// JIT stays on: C1 alone (-XX:TieredStopAtLevel=1) started ~0.5 s sooner, but then cost nearly
// twice the CPU per message for the life of the broker, CPU the fleet's services share on a
// small machine (npm run bench:isolation prints it). Override the whole set with env KAFKA_JVM_OPTS (e.g. "-Xmx1g -XX:+UseG1GC").
const DEFAULT_JVM_OPTS = ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-Xss512k'];
const jvmOpts = () => (process.env.KAFKA_JVM_OPTS ? process.env.KAFKA_JVM_OPTS.trim().split(/\s+/) : DEFAULT_JVM_OPTS);

const defaultLog = (msg) => console.log(`[kafka] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The pinned Kafka version (single source of truth: <kafka.version> in pom.xml). */
export function kafkaVersion() {
  const m = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(fs.readFileSync(POM, 'utf8'));
  if (!m) throw new Error(`tools/kafka: no <kafka.version> in ${POM}`);
  return m[1];
}

/** Default data dir for a broker port: <repo>/.data/kafka-<port> (git-ignored). */
export function defaultDataDir(port = 9092) {
  return path.join(REPO_ROOT, '.data', `kafka-${port}`);
}

function which(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return null;
  return `${r.stdout || ''}${r.stderr || ''}`;
}

function requireJava() {
  const out = which('java', ['-version']);
  if (out == null) {
    throw new Error(
      'tools/kafka: `java` not found on PATH. Kafka needs a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless).',
    );
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (m) {
    const major = Number(m[1]) === 1 ? Number(m[2]) : Number(m[1]);
    if (major < 17) throw new Error(`tools/kafka: Java ${major} found, Kafka ${kafkaVersion()} needs Java 17+.`);
  }
}

function jarsPresent(version) {
  try {
    return (
      fs.readFileSync(MARKER, 'utf8').trim() === version &&
      fs.readdirSync(LIB_DIR).some((f) => f.startsWith('kafka_2.13-'))
    );
  } catch {
    return false;
  }
}

/**
 * Make sure tools/kafka/lib holds the jars of the pinned Kafka version; runs mvn only when the
 * marker file lib/.kafka-version is missing or names another version.
 * @param {{ log?: (msg: string) => void, mavenRepoLocal?: string }} [opts]
 *   mavenRepoLocal (or env KAFKA_MAVEN_REPO_LOCAL): passed as -Dmaven.repo.local.
 * @returns {Promise<{ version: string, libDir: string, fetched: boolean, ms: number }>}
 */
export async function ensureKafkaJars({ log = defaultLog, mavenRepoLocal = process.env.KAFKA_MAVEN_REPO_LOCAL } = {}) {
  const version = kafkaVersion();
  requireJava();
  if (jarsPresent(version)) return { version, libDir: LIB_DIR, fetched: false, ms: 0 };
  if (which('mvn', ['-v']) == null) {
    throw new Error(
      `tools/kafka: Apache Kafka ${version} jars are missing in ${LIB_DIR} and \`mvn\` is not on PATH. ` +
        'Install Maven 3.8+ (e.g. apt-get install maven); it fetches the broker jars from Maven Central.',
    );
  }
  const t0 = Date.now();
  log(
    `fetching Apache Kafka ${version} from Maven Central with mvn… (one-time, into ${path.relative(REPO_ROOT, LIB_DIR)}/)`,
  );
  // fetch into target/ (git-ignored) and rename when complete: an interrupted fetch never looks done
  const targetDir = path.join(HERE, 'target');
  fs.mkdirSync(targetDir, { recursive: true });
  for (const f of fs.readdirSync(targetDir)) {
    const m = /^lib\.tmp-(\d+)$/.exec(f);
    if (m && (Number(m[1]) === process.pid || !isAlive(Number(m[1]))))
      fs.rmSync(path.join(targetDir, f), { recursive: true, force: true });
  }
  const tmp = path.join(targetDir, `lib.tmp-${process.pid}`);
  const args = ['-B', '-ntp', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`];
  if (mavenRepoLocal) args.push(`-Dmaven.repo.local=${path.resolve(mavenRepoLocal)}`);
  const output = [];
  const code = await new Promise((resolve) => {
    const child = spawn('mvn', args, { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'] });
    const tick = setInterval(() => {
      let n = 0;
      try {
        n = fs.readdirSync(tmp).length;
      } catch {
        /* not yet */
      }
      log(`  …still fetching (${Math.round((Date.now() - t0) / 1000)}s, ${n} jars so far)`);
    }, 10_000);
    const collect = (d) => {
      for (const line of String(d).split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 200) output.shift();
        if (/Copying |Downloading from|Downloaded from/.test(line)) continue; // too chatty
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => {
      output.push(String(e));
    });
    child.on('close', (c) => {
      clearInterval(tick);
      resolve(c);
    });
  });
  if (code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      `tools/kafka: mvn failed (exit ${code}) fetching Apache Kafka ${version} from Maven Central.\n` +
        `  command: mvn ${args.join(' ')}\n  last output:\n    ${output.slice(-25).join('\n    ')}`,
    );
  }
  fs.writeFileSync(path.join(tmp, '.kafka-version'), `${version}\n`);
  fs.rmSync(LIB_DIR, { recursive: true, force: true });
  try {
    fs.renameSync(tmp, LIB_DIR);
  } catch (e) {
    // a concurrent fetch won the race: fine if it fetched the same version
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!jarsPresent(version)) throw e;
  }
  const jars = fs.readdirSync(LIB_DIR).filter((f) => f.endsWith('.jar')).length;
  const ms = Date.now() - t0;
  log(`fetched Apache Kafka ${version} (${jars} jars) in ${(ms / 1000).toFixed(1)}s`);
  return { version, libDir: LIB_DIR, fetched: true, ms };
}

function readPid(dataDir) {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True if pid is alive and (where /proc exists) is our kafka.Kafka for this dataDir (guards pid reuse). */
function isOurBroker(pid, dataDir) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('kafka.Kafka') && cmd.includes(path.join(path.resolve(dataDir), PROPS_FILE));
  } catch {
    return !fs.existsSync('/proc/self'); // no /proc (macOS): trust kill(0)
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

function readProps(file) {
  const props = {};
  try {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^\s*([^#=\s][^=]*?)\s*=\s*(.*)$/.exec(line);
      if (m) props[m[1]] = m[2];
    }
  } catch {
    /* none */
  }
  return props;
}

function brokerPortOf(dataDir) {
  const m = /PLAINTEXT:\/\/[^:,]+:(\d+)/.exec(readProps(path.join(dataDir, PROPS_FILE)).listeners || '');
  return m ? Number(m[1]) : null;
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function serverProperties({ port, controllerPort, logDir }) {
  return `# Generated by tools/kafka/kafka.mjs — rewritten on every start; do not edit.
# Single-node KRaft: combined broker + controller, 127.0.0.1 only.
process.roles=broker,controller
node.id=1
# static quorum (no --standalone): the controller endpoint is read from here, not from the
# formatted log, so the ports can change between runs without reformatting.
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${logDir}

# topics are created explicitly (tools/kafka createTopics / the apps), never implicitly
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
min.insync.replicas=1

# fast consumer-group joins, single-replica internal topics
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# small footprint: dev/e2e data, short retention
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
background.threads=4
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=8388608
log.segment.bytes=16777216
log.retention.hours=6
log.retention.bytes=134217728
log.retention.check.interval.ms=60000
offsets.retention.minutes=1440
`;
}

const LOG4J2 = `status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.state.name = state.change.logger
logger.state.level = WARN
logger.cleaner.name = kafka.log.LogCleaner
logger.cleaner.level = WARN
logger.ctrl.name = org.apache.kafka.controller
logger.ctrl.level = WARN
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = WARN
logger.raft.name = org.apache.kafka.raft
logger.raft.level = WARN
`;
const LOG4J1 = `log4j.rootLogger=INFO, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.controller=WARN
log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN
log4j.logger.org.apache.kafka.raft=WARN
`;

function javaArgs(dataDir, extra = []) {
  return [
    ...jvmOpts(),
    '-Djava.awt.headless=true',
    `-Djava.io.tmpdir=${path.join(dataDir, 'tmp')}`,
    `-Dkafka.logs.dir=${dataDir}`,
    `-Dlog4j2.configurationFile=${path.join(dataDir, 'log4j2.properties')}`,
    `-Dlog4j.configuration=${pathToFileURL(path.join(dataDir, 'log4j.properties')).href}`,
    ...extra,
    '-cp',
    path.join(LIB_DIR, '*'),
  ];
}

// ---- minimal Kafka wire protocol (readiness probe without kafkajs) --------------------------------

function kafkaRequest(port, apiKey, apiVersion, body, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('tools-kafka-probe');
    const header = Buffer.alloc(10 + clientId.length);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(1, 4); // correlation id
    header.writeInt16BE(clientId.length, 8);
    clientId.copy(header, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + body.length);
    const sock = net.connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const done = (err, val) => {
      sock.destroy();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(val);
    };
    const timer = setTimeout(() => done(new Error('timeout')), timeoutMs);
    sock.on('connect', () => sock.write(Buffer.concat([size, header, body])));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) done(null, buf.subarray(8, 4 + buf.readInt32BE(0)));
    });
    sock.on('error', (e) => done(e));
    sock.on('close', () => done(new Error('connection closed')));
  });
}

/**
 * One readiness probe: ApiVersions (v0), then Metadata; ready when the broker answers and lists
 * itself as an (unfenced) broker, i.e. topics can be created and produced to.
 * @returns {Promise<{ ready: boolean, reason: string }>}
 */
export async function probeKafka(port) {
  let res;
  try {
    res = await kafkaRequest(port, 18, 0, Buffer.alloc(0));
  } catch (e) {
    return { ready: false, reason: `ApiVersions on 127.0.0.1:${port}: ${e.code || e.message}` };
  }
  const err = res.readInt16BE(0);
  if (err !== 0) return { ready: false, reason: `ApiVersions error ${err}` };
  const n = res.readInt32BE(2);
  let meta = null;
  for (let i = 0; i < n; i++) {
    const o = 6 + i * 6;
    if (res.readInt16BE(o) === 3) meta = { min: res.readInt16BE(o + 2), max: res.readInt16BE(o + 4) };
  }
  if (!meta) return { ready: false, reason: 'Metadata API not advertised yet' };
  const v = Math.min(Math.max(4, meta.min), meta.max);
  if (v < 4 || v > 8) return { ready: true, reason: 'ApiVersions ok' }; // cannot parse other layouts; good enough
  const body = Buffer.alloc(5);
  body.writeInt32BE(0, 0); // topics: empty array
  body.writeInt8(0, 4); // allow_auto_topic_creation=false
  try {
    res = await kafkaRequest(port, 3, v, body);
  } catch (e) {
    return { ready: false, reason: `Metadata: ${e.code || e.message}` };
  }
  const brokers = res.readInt32BE(4); // after throttle_time_ms
  return brokers > 0
    ? { ready: true, reason: `${brokers} broker(s) registered` }
    : { ready: false, reason: 'broker not registered/unfenced yet' };
}

async function waitReady({ port, child, exited, logFile, timeoutMs, log }) {
  const t0 = Date.now();
  let last = '';
  let lastLog = 0;
  log(
    `waiting for the broker to accept clients on 127.0.0.1:${port} (ApiVersions + Metadata, up to ${timeoutMs / 1000}s)…`,
  );
  while (Date.now() - t0 < timeoutMs) {
    if (exited.code !== undefined || (child == null && exited.pid && !isAlive(exited.pid))) {
      throw new Error(
        `tools/kafka: the broker exited (${exited.code ?? 'gone'}) during startup. Tail of ${logFile}:\n${tail(logFile)}`,
      );
    }
    const p = await probeKafka(port);
    if (p.ready) return Date.now() - t0;
    if (p.reason !== last || Date.now() - lastLog > 5000) {
      log(`  …not ready yet (${((Date.now() - t0) / 1000).toFixed(1)}s): ${p.reason}`);
      last = p.reason;
      lastLog = Date.now();
    }
    await sleep(100);
  }
  throw new Error(
    `tools/kafka: the broker did not become ready within ${timeoutMs / 1000}s (${last}). Tail of ${logFile}:\n${tail(logFile)}`,
  );
}

/**
 * Start (or reuse) the single-node KRaft broker for dataDir.
 * @param {{ port?: number, controllerPort?: number, dataDir?: string, log?: (msg: string) => void,
 *           timeoutMs?: number, jvmArgs?: string[] }} [opts]
 * @returns {Promise<{ pid: number, brokers: string, dataDir: string, version: string, alreadyRunning: boolean, readyMs: number }>}
 */
/**
 * A KRaft cluster id: a Kafka Uuid, 16 random bytes as 22 base64url characters. Like Kafka's own
 * Uuid.randomUuid() it never starts with '-': kafka-storage's argument parser would read such an id
 * as an option and refuse to format ("--cluster-id: expected one argument"), which one in 64 fresh
 * clusters hit before. `random` is a parameter so a test can force that case.
 */
export function newClusterId(random = randomBytes) {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export async function startKafka({
  port = 9092,
  controllerPort = 9093,
  dataDir = defaultDataDir(port),
  log = defaultLog,
  // Ready in ~2 s on an idle machine; on two cores at load 20 a fresh format and start took over
  // 60 s. A broker that dies is reported at once (waitReady watches the process), so a generous
  // deadline only bounds one that hangs.
  timeoutMs = 180_000,
  jvmArgs = [],
} = {}) {
  dataDir = path.resolve(dataDir);
  const brokers = `127.0.0.1:${port}`;
  const version = kafkaVersion();
  const pidFile = path.join(dataDir, PID_FILE);
  const logFile = path.join(dataDir, LOG_FILE);
  const t0 = Date.now();

  const existing = readPid(dataDir);
  if (existing && isOurBroker(existing, dataDir)) {
    const runningPort = brokerPortOf(dataDir);
    if (runningPort && runningPort !== port) {
      throw new Error(
        `tools/kafka: the broker in ${dataDir} (pid ${existing}) is already running on port ${runningPort}, not ${port}; stop it first.`,
      );
    }
    log(`Kafka already running (pid ${existing}) on ${brokers}, data in ${dataDir}`);
    const readyMs = await waitReady({ port, child: null, exited: { pid: existing }, logFile, timeoutMs, log });
    return { pid: existing, brokers, dataDir, version, alreadyRunning: true, readyMs };
  }
  if (existing) fs.rmSync(pidFile, { force: true }); // stale

  for (const [what, p] of [
    ['broker', port],
    ['controller', controllerPort],
  ]) {
    if (!(await portFree(p))) {
      throw new Error(
        `tools/kafka: ${what} port 127.0.0.1:${p} is already in use by another process (not a broker started from ${dataDir}).`,
      );
    }
  }

  await ensureKafkaJars({ log });

  const logDir = path.join(dataDir, 'kraft-logs');
  fs.mkdirSync(path.join(dataDir, 'tmp'), { recursive: true });
  const propsFile = path.join(dataDir, PROPS_FILE);
  fs.writeFileSync(propsFile, serverProperties({ port, controllerPort, logDir }));
  fs.writeFileSync(path.join(dataDir, 'log4j2.properties'), LOG4J2);
  fs.writeFileSync(path.join(dataDir, 'log4j.properties'), LOG4J1);

  if (!fs.existsSync(path.join(logDir, 'meta.properties'))) {
    const clusterId = newClusterId();
    log(`formatting KRaft storage in ${logDir} (cluster id ${clusterId})…`);
    const r = spawnSync(
      'java',
      [
        ...javaArgs(dataDir),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        propsFile,
        '--ignore-formatted',
      ],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) {
      throw new Error(
        `tools/kafka: kafka-storage format failed (exit ${r.status}):\n${`${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n')}`,
      );
    }
  }

  if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.prev`);
  const fd = fs.openSync(logFile, 'a');
  log(`starting Apache Kafka ${version} (KRaft) on ${brokers}, controller 127.0.0.1:${controllerPort}, log ${logFile}`);
  const child = spawn('java', [...javaArgs(dataDir, jvmArgs), 'kafka.Kafka', propsFile], {
    cwd: dataDir,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const exited = {};
  child.on('exit', (code, signal) => {
    exited.code = code ?? signal;
  });
  child.on('error', (e) => {
    exited.code = e.message;
  });
  if (!child.pid) throw new Error('tools/kafka: could not spawn java');
  fs.writeFileSync(pidFile, `${child.pid}\n`);
  child.unref();

  try {
    await waitReady({ port, child, exited, logFile, timeoutMs, log });
  } catch (e) {
    if (exited.code === undefined) await stopKafka({ dataDir, log: () => {} }).catch(() => {});
    fs.rmSync(pidFile, { force: true });
    throw e;
  }
  const readyMs = Date.now() - t0;
  log(`Kafka ${version} ready on ${brokers} (pid ${child.pid}) in ${(readyMs / 1000).toFixed(1)}s`);
  return { pid: child.pid, brokers, dataDir, version, alreadyRunning: false, readyMs };
}

/**
 * Stop the broker started from dataDir (pid file): SIGTERM, wait, SIGKILL after timeoutMs.
 * @param {{ dataDir?: string, port?: number, log?: (msg: string) => void, timeoutMs?: number }} [opts]
 * @returns {Promise<{ stopped: boolean, pid: number | null }>}
 */
export async function stopKafka({ dataDir, port = 9092, log = defaultLog, timeoutMs = 30_000 } = {}) {
  dataDir = path.resolve(dataDir ?? defaultDataDir(port));
  const pidFile = path.join(dataDir, PID_FILE);
  const pid = readPid(dataDir);
  if (!pid || !isOurBroker(pid, dataDir)) {
    fs.rmSync(pidFile, { force: true });
    log(`Kafka not running (data dir ${dataDir})`);
    return { stopped: false, pid: null };
  }
  log(`stopping Kafka (pid ${pid})…`);
  const t0 = Date.now();
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  while (isAlive(pid) && Date.now() - t0 < timeoutMs) await sleep(100);
  if (isAlive(pid)) {
    log(`Kafka (pid ${pid}) still alive after ${timeoutMs / 1000}s, sending SIGKILL`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    while (isAlive(pid) && Date.now() - t0 < timeoutMs + 5000) await sleep(100);
  }
  fs.rmSync(pidFile, { force: true });
  log(`Kafka stopped (pid ${pid}) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return { stopped: true, pid };
}

/**
 * Status of the broker for dataDir (pid file + a live probe).
 * @returns {Promise<{ running: boolean, pid: number | null, brokers: string | null, ready: boolean, reason: string }>}
 */
export async function kafkaStatus({ dataDir, port = 9092 } = {}) {
  dataDir = path.resolve(dataDir ?? defaultDataDir(port));
  const pid = readPid(dataDir);
  if (!pid || !isOurBroker(pid, dataDir))
    return { running: false, pid: null, brokers: null, ready: false, reason: 'no live pid file' };
  const p = brokerPortOf(dataDir) ?? port;
  const probe = await probeKafka(p);
  return { running: true, pid, brokers: `127.0.0.1:${p}`, ready: probe.ready, reason: probe.reason };
}

/** kafkajs, resolved from the repo root (lazily: only topic creation needs it). */
export function loadKafkajs() {
  const req = createRequire(path.join(REPO_ROOT, 'package.json'));
  try {
    return req('kafkajs');
  } catch (e) {
    throw new Error(
      `tools/kafka: createTopics needs kafkajs (run \`npm install\` at the repo root first): ${e.message}`,
    );
  }
}

/**
 * Idempotently create topics (existing ones are fine; a topic with fewer partitions than asked is grown).
 * @param {{ brokers: string | string[], topics: Array<{ topic: string, numPartitions?: number }>,
 *           log?: (msg: string) => void, replicationFactor?: number }} opts
 * @returns {Promise<{ created: string[], existing: string[] }>}
 */
export async function createTopics({ brokers, topics, log = defaultLog, replicationFactor = 1 }) {
  const { Kafka, logLevel } = loadKafkajs();
  const kafka = new Kafka({
    clientId: 'tools-kafka-admin',
    brokers: Array.isArray(brokers)
      ? brokers
      : String(brokers)
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
    logLevel: logLevel.ERROR,
    retry: { retries: 8, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const have = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !have.has(t.topic));
    const existing = topics.filter((t) => have.has(t.topic)).map((t) => t.topic);
    if (missing.length) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? 1, replicationFactor })),
        });
      } catch (e) {
        // a concurrent creator is fine; anything else is not
        const errs = e.errors ?? [e];
        if (!errs.every((x) => x.type === 'TOPIC_ALREADY_EXISTS')) throw e;
      }
    }
    if (existing.length) {
      const meta = await admin.fetchTopicMetadata({ topics: existing });
      const grow = [];
      for (const t of meta.topics) {
        const want = topics.find((x) => x.topic === t.name)?.numPartitions ?? 1;
        if (t.partitions.length < want) grow.push({ topic: t.name, count: want });
      }
      if (grow.length) {
        log(`growing partitions: ${grow.map((g) => `${g.topic}→${g.count}`).join(', ')}`);
        await admin.createPartitions({ topicPartitions: grow });
      }
    }
    log(
      `topics ready: ${topics.map((t) => `${t.topic}(${t.numPartitions ?? 1})`).join(', ')}${missing.length ? ` — created ${missing.length}` : ''}`,
    );
    return { created: missing.map((t) => t.topic), existing };
  } finally {
    await admin.disconnect();
  }
}

// ---- CLI --------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a.startsWith('--port')) opts.port = Number(val());
    else if (a.startsWith('--controller-port')) opts.controllerPort = Number(val());
    else if (a.startsWith('--data-dir')) opts.dataDir = val();
    else if (!opts.cmd) opts.cmd = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return opts;
}

async function main() {
  const usage =
    'usage: node tools/kafka/kafka.mjs fetch|start|stop|status [--port 9092] [--controller-port 9093] [--data-dir DIR]';
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e.message}\n${usage}`);
    return 2;
  }
  const port = o.port ?? 9092;
  const common = { port, dataDir: o.dataDir ?? defaultDataDir(port) };
  switch (o.cmd) {
    case 'fetch':
      await ensureKafkaJars({});
      console.log(`Apache Kafka ${kafkaVersion()} jars in ${LIB_DIR}`);
      return 0;
    case 'start': {
      const r = await startKafka({ ...common, controllerPort: o.controllerPort ?? 9093 });
      console.log(`KAFKA_BROKERS=${r.brokers}  (pid ${r.pid}, data ${r.dataDir})`);
      return 0;
    }
    case 'stop':
      await stopKafka(common);
      return 0;
    case 'status': {
      const s = await kafkaStatus(common);
      console.log(
        s.running
          ? `running: pid ${s.pid}, ${s.brokers}, ${s.ready ? 'ready' : 'NOT ready'} (${s.reason})`
          : `not running (${common.dataDir})`,
      );
      return s.running ? 0 : 3;
    }
    default:
      console.error(usage);
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
