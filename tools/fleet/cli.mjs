#!/usr/bin/env node
// `npm start`, `npm stop`, `npm run status` and `npm test`: the fleet's whole life cycle.
// Runs before `npm install` may have happened, so only Node built-ins are imported up front.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureChromium } from './chromium.mjs';
import { loadDevEnv, testEnv } from './env-file.mjs';
import { fleetProcesses, profileNamed, PROFILES, zipkinUrl } from './fleet.config.mjs';
import { ensureDatabaseServices } from './infrastructure.mjs';
import { ensureBuilt, ensureDependencies } from './install.mjs';
import { FleetError, log } from './log.mjs';
import { runDir, runningPid, startProcess, stopProcess, waitUntilReady } from './processes.mjs';
import { isRedisRunning, startRedis, stopRedis } from './redis.mjs';
import { resetTestState } from './test-state.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_DEADLINE_MS = 120_000;

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

function kafkaDataDir(profile) {
  return join(ROOT, '.data', `kafka-${profile.name}`);
}

function zipkinDataDir(profile) {
  return join(ROOT, '.data', `zipkin-${profile.name}`);
}

function redisDataDir(profile) {
  return join(ROOT, '.data', `redis-${profile.name}`);
}

/** Whether the profile's broker and Redis run: a fleet whose apps run but whose broker died is not running. */
async function infrastructureRuns(profile, dir) {
  const kafka = await import('../kafka/kafka.mjs');
  const broker = await kafka.kafkaStatus({ dataDir: kafkaDataDir(profile), port: profile.kafkaPort });
  const zipkin = await import('../zipkin/zipkin.mjs');
  const traces = await zipkin.zipkinStatus({ dataDir: zipkinDataDir(profile), port: profile.zipkinPort });
  return broker.running && traces.running && isRedisRunning(dir);
}

async function start(profile) {
  const dir = runDir(ROOT, profile);
  const shared = profile.name === 'dev' ? loadDevEnv(ROOT) : testEnv(ROOT, dir);
  const procs = fleetProcesses(profile, shared);
  const running = procs.filter((p) => runningPid(dir, p.name));
  if (running.length === procs.length && (await infrastructureRuns(profile, dir))) {
    log.step(`the ${profile.name} fleet is already running (npm stop stops it); nothing started twice`);
    printTable(procs, profile);
    return;
  }
  if (running.length > 0) log.step(`already running: ${running.map((p) => p.name).join(', ')}; starting the rest`);
  // Tests restarting one stopped process pass --skip-build: they run the build they started with.
  if (!process.argv.includes('--skip-build')) {
    ensureDependencies(ROOT);
    ensureBuilt(ROOT);
  }

  await ensureDatabaseServices({
    mysqlHost: shared.MYSQL_HOST ?? '127.0.0.1',
    mysqlPort: Number(shared.MYSQL_PORT ?? 3306),
  });
  const kafka = await import('../kafka/kafka.mjs');
  if (profile.name !== 'dev' && running.length === 0) {
    await kafka.stopKafka({ dataDir: kafkaDataDir(profile), log: () => undefined });
    const zipkin = await import('../zipkin/zipkin.mjs');
    await zipkin.stopZipkin({ dataDir: zipkinDataDir(profile), log: () => undefined });
    await stopRedis(dir);
    await resetTestState(ROOT, profile, shared, {
      kafkaDataDir: kafkaDataDir(profile),
      redisDataDir: redisDataDir(profile),
    });
  }
  await startRedis({ dir, port: profile.redisPort, dataDir: redisDataDir(profile), log: log.step });
  await kafka.ensureKafkaJars({ log: log.step });
  const broker = await kafka.startKafka({
    port: profile.kafkaPort,
    controllerPort: profile.kafkaControllerPort,
    dataDir: kafkaDataDir(profile),
    log: log.step,
  });
  const { TOPICS } = await import(join(ROOT, 'dist/libs/contracts/src/topics.js'));
  await kafka.createTopics({ brokers: broker.brokers, topics: TOPICS, log: log.step });
  // After Kafka, not beside it: two JVMs starting at once on a small machine slow both down.
  const zipkin = await import('../zipkin/zipkin.mjs');
  await zipkin.startZipkin({ port: profile.zipkinPort, dataDir: zipkinDataDir(profile), log: log.step });

  log.step(`starting ${procs.length - running.length} processes (logs in .run/${profile.name}/logs/)…`);
  for (const proc of procs) startProcess(ROOT, dir, proc, process.env);
  await waitUntilReady(procs, dir, READY_DEADLINE_MS);
  writeFileSync(
    join(dir, 'fleet.json'),
    JSON.stringify(
      {
        profile: profile.name,
        kafkaBrokers: broker.brokers,
        zipkinUrl: zipkinUrl(profile),
        adminApiKey: shared.ADMIN_API_KEY,
        processes: procs,
      },
      null,
      2,
    ),
  );
  printTable(procs, profile);
}

function printTable(procs, profile) {
  const rows = [
    ...procs.map((p) => ({ process: p.name, port: p.port, url: `http://127.0.0.1:${p.port}${p.readyPath}` })),
    { process: 'redis (AOF)', port: profile.redisPort, url: `redis://127.0.0.1:${profile.redisPort}` },
    { process: 'kafka', port: profile.kafkaPort, url: `127.0.0.1:${profile.kafkaPort}` },
    { process: 'zipkin (traces UI)', port: profile.zipkinPort, url: `${zipkinUrl(profile)}/zipkin/` },
  ];
  console.table(rows);
  const gateway = procs.find((p) => p.name === 'gateway');
  console.log(`\nGateway: http://127.0.0.1:${gateway.port}/api/system/status   (profile ${profile.name})`);
}

async function stop(profile) {
  const dir = runDir(ROOT, profile);
  const shared = { ADMIN_API_KEY: 'unused-for-stopping' };
  // Apps first (together: each drains its own in-flight work), then providers, Kafka last.
  const procs = fleetProcesses(profile, shared);
  for (const role of ['app', 'provider']) {
    await Promise.all(
      procs
        .filter((p) => p.role === role)
        .map(async (p) => {
          if (await stopProcess(dir, p.name)) log.step(`stopped ${p.name}`);
        }),
    );
  }
  if (await stopRedis(dir)) log.step('stopped redis');
  if (existsSync(join(ROOT, 'tools/kafka/kafka.mjs'))) {
    const kafka = await import('../kafka/kafka.mjs');
    await kafka.stopKafka({ dataDir: kafkaDataDir(profile), log: log.step });
  }
  if (existsSync(join(ROOT, 'tools/zipkin/zipkin.mjs'))) {
    const zipkin = await import('../zipkin/zipkin.mjs');
    await zipkin.stopZipkin({ dataDir: zipkinDataDir(profile), log: log.step });
  }
}

function status(profile) {
  const dir = runDir(ROOT, profile);
  const procs = fleetProcesses(profile, { ADMIN_API_KEY: '' });
  console.table([
    ...procs.map((p) => ({ process: p.name, port: p.port, pid: runningPid(dir, p.name) ?? 'stopped' })),
    { process: 'redis', port: profile.redisPort, pid: runningPid(dir, 'redis') ?? 'stopped' },
  ]);
}

/**
 * `npm test`: unit and integration suites, then the e2e suite against its own fleet, then one
 * plain summary line (`tests: N passed, N failed`) over all of them.
 */
async function test() {
  ensureDependencies(ROOT);
  // Lint first: a style or boundary error fails the run before any fleet is started.
  log.step('linting (npm run lint)…');
  const lint = spawnSync(process.execPath, [join(ROOT, 'tools', 'lint.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (lint.status !== 0) throw new FleetError('lint errors: see the output above (npm run format fixes most)');
  ensureBuilt(ROOT);
  // The integration suites use the machine's MariaDB and Redis; the e2e fleet starts its own Redis.
  await ensureDatabaseServices({ mysqlHost: '127.0.0.1', mysqlPort: 3306, redisHost: '127.0.0.1', redisPort: 6379 });
  // The dashboard's e2e test drives Debian's chromium; a fresh machine does not have it.
  ensureChromium();
  // Type-check everything, tests included: jest transpiles without checking types.
  log.step('type-checking (tsc -p tsconfig.json --noEmit)…');
  const typecheck = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (typecheck.status !== 0) throw new FleetError('type errors: see the compiler output above');
  const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const suites = [
    { name: 'unit-integration', args: ['--selectProjects', 'unit', 'integration'] },
    { name: 'e2e', args: ['--selectProjects', 'e2e', '--runInBand'] },
  ];
  const totals = { passed: 0, failed: 0 };
  let exitCode = 0;
  for (const suite of suites) {
    const report = join(runDir(ROOT, profileNamed('e2e')), `jest-${suite.name}.json`);
    log.step(`jest ${suite.args.join(' ')}`);
    const result = spawnSync(
      process.execPath,
      [jest, ...suite.args, '--json', '--outputFile', report, ...process.argv.slice(3)],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    if (existsSync(report)) {
      const { numPassedTests, numFailedTests } = JSON.parse(readFileSync(report, 'utf8'));
      totals.passed += numPassedTests;
      totals.failed += numFailedTests;
    }
    if (result.status !== 0) {
      exitCode = result.status ?? 1;
      break;
    }
  }
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
  process.exit(exitCode);
}

const commands = { start, stop, status, test };
const command = process.argv[2];
if (!commands[command]) {
  console.error(
    `usage: node tools/fleet/cli.mjs <${Object.keys(commands).join('|')}> [--profile ${Object.keys(PROFILES).join('|')}]`,
  );
  process.exit(2);
}
try {
  await commands[command](profileNamed(option('profile', 'dev')));
} catch (error) {
  if (error instanceof FleetError) {
    console.error(`\n[fleet] ${error.message}`);
    process.exit(1);
  }
  throw error;
}
