// The life of one broker, known by its data folder: start it (or find it running), stop it, and
// say whether it runs and answers.
import fs from 'node:fs';
import path from 'node:path';

import { launchJava } from '../jvm/launch.mjs';
import { isAlive, isOurProcess, readPid } from '../jvm/pid-file.mjs';
import { portFree } from '../jvm/ports.mjs';
import { waitUntilReady } from '../jvm/readiness.mjs';
import { terminate } from '../jvm/stop.mjs';
import { configuredBrokerPort, javaArgs, writeBrokerConfig } from './broker-config.mjs';
import { ensureKafkaJars, kafkaVersion } from './jars.mjs';
import { brokerFiles, defaultDataDir, logToConsole } from './layout.mjs';
import { probeKafka } from './probe.mjs';
import { formatStorageOnce } from './storage.mjs';

/** The pid of the kafka.Kafka started with dataDir's server.properties, or null. */
function runningBroker(dataDir) {
  const { pidFile, serverProperties } = brokerFiles(dataDir);
  const pid = readPid(pidFile);
  return pid && isOurProcess(pid, ['kafka.Kafka', serverProperties]) ? pid : null;
}

function waitForBroker({ port, exitedWith, logFile, timeoutMs, log }) {
  log(
    `waiting for the broker to accept clients on 127.0.0.1:${port} (ApiVersions + Metadata, up to ${timeoutMs / 1000}s)…`,
  );
  return waitUntilReady({
    tool: 'tools/kafka',
    what: 'broker',
    probe: () => probeKafka(port),
    exitedWith,
    logFile,
    timeoutMs,
    pollMs: 100,
    onWaiting: (reason, elapsedMs) => log(`  …not ready yet (${(elapsedMs / 1000).toFixed(1)}s): ${reason}`),
  });
}

/**
 * Start (or reuse) the single-node KRaft broker for dataDir.
 * @param {{ port?: number, controllerPort?: number, dataDir?: string, log?: (msg: string) => void,
 *           timeoutMs?: number, jvmArgs?: string[] }} [opts]
 * @returns {Promise<{ pid: number, brokers: string, dataDir: string, version: string, alreadyRunning: boolean, readyMs: number }>}
 */
export async function startKafka({
  port = 9092,
  controllerPort = 9093,
  dataDir = defaultDataDir(port),
  log = logToConsole,
  // Ready in ~2 s on an idle machine; on two cores at load 20 a fresh format and start took over
  // 60 s. A broker that dies is reported at once (the wait watches the process), so a generous
  // deadline only bounds one that hangs.
  timeoutMs = 180_000,
  jvmArgs = [],
} = {}) {
  dataDir = path.resolve(dataDir);
  const brokers = `127.0.0.1:${port}`;
  const version = kafkaVersion();
  const { pidFile, logFile, serverProperties } = brokerFiles(dataDir);
  const t0 = Date.now();

  const existing = runningBroker(dataDir);
  if (existing) {
    const runningPort = configuredBrokerPort(dataDir);
    if (runningPort && runningPort !== port) {
      throw new Error(
        `tools/kafka: the broker in ${dataDir} (pid ${existing}) is already running on port ${runningPort}, not ${port}; stop it first.`,
      );
    }
    log(`Kafka already running (pid ${existing}) on ${brokers}, data in ${dataDir}`);
    const exitedWith = () => (isAlive(existing) ? undefined : 'gone');
    const readyMs = await waitForBroker({ port, exitedWith, logFile, timeoutMs, log });
    return { pid: existing, brokers, dataDir, version, alreadyRunning: true, readyMs };
  }
  fs.rmSync(pidFile, { force: true }); // stale, if any

  for (const [what, p] of [
    ['broker', port],
    ['controller', controllerPort],
  ]) {
    if (!(await portFree(p, '127.0.0.1'))) {
      throw new Error(
        `tools/kafka: ${what} port 127.0.0.1:${p} is already in use by another process (not a broker started from ${dataDir}).`,
      );
    }
  }

  await ensureKafkaJars({ log });
  writeBrokerConfig({ dataDir, port, controllerPort });
  formatStorageOnce({ dataDir, log });

  log(`starting Apache Kafka ${version} (KRaft) on ${brokers}, controller 127.0.0.1:${controllerPort}, log ${logFile}`);
  const { pid, exited } = launchJava({
    tool: 'tools/kafka',
    args: [...javaArgs(dataDir, jvmArgs), 'kafka.Kafka', serverProperties],
    dataDir,
    logFile,
    pidFile,
  });
  try {
    await waitForBroker({ port, exitedWith: () => exited.code, logFile, timeoutMs, log });
  } catch (e) {
    if (exited.code === undefined) await stopKafka({ dataDir, log: () => {} }).catch(() => {});
    fs.rmSync(pidFile, { force: true });
    throw e;
  }
  const readyMs = Date.now() - t0;
  log(`Kafka ${version} ready on ${brokers} (pid ${pid}) in ${(readyMs / 1000).toFixed(1)}s`);
  return { pid, brokers, dataDir, version, alreadyRunning: false, readyMs };
}

/**
 * Stop the broker started from dataDir (pid file): SIGTERM, wait, SIGKILL after timeoutMs.
 * @param {{ dataDir?: string, port?: number, log?: (msg: string) => void, timeoutMs?: number }} [opts]
 * @returns {Promise<{ stopped: boolean, pid: number | null }>}
 */
export async function stopKafka({ dataDir, port = 9092, log = logToConsole, timeoutMs = 30_000 } = {}) {
  dataDir = path.resolve(dataDir ?? defaultDataDir(port));
  const { pidFile } = brokerFiles(dataDir);
  const pid = runningBroker(dataDir);
  if (!pid) {
    fs.rmSync(pidFile, { force: true });
    log(`Kafka not running (data dir ${dataDir})`);
    return { stopped: false, pid: null };
  }
  log(`stopping Kafka (pid ${pid})…`);
  const ms = await terminate({
    pid,
    timeoutMs,
    onKill: () => log(`Kafka (pid ${pid}) still alive after ${timeoutMs / 1000}s, sending SIGKILL`),
  });
  fs.rmSync(pidFile, { force: true });
  log(`Kafka stopped (pid ${pid}) in ${(ms / 1000).toFixed(1)}s`);
  return { stopped: true, pid };
}

/**
 * Status of the broker for dataDir (pid file + a live probe).
 * @returns {Promise<{ running: boolean, pid: number | null, brokers: string | null, ready: boolean, reason: string }>}
 */
export async function kafkaStatus({ dataDir, port = 9092 } = {}) {
  dataDir = path.resolve(dataDir ?? defaultDataDir(port));
  const pid = runningBroker(dataDir);
  if (!pid) return { running: false, pid: null, brokers: null, ready: false, reason: 'no live pid file' };
  const p = configuredBrokerPort(dataDir) ?? port;
  const probe = await probeKafka(p);
  return { running: true, pid, brokers: `127.0.0.1:${p}`, ready: probe.ready, reason: probe.reason };
}
