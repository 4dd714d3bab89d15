// Formatting a broker's KRaft storage: once per data folder, with a fresh cluster id.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { javaArgs } from './broker-config.mjs';
import { brokerFiles } from './layout.mjs';

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

/** Formats the storage of dataDir unless it already is (kraft-logs/meta.properties exists). */
export function formatStorageOnce({ dataDir, log }) {
  const { logDir, serverProperties } = brokerFiles(dataDir);
  if (fs.existsSync(path.join(logDir, 'meta.properties'))) return;
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
      serverProperties,
      '--ignore-formatted',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) {
    throw new Error(
      `tools/kafka: kafka-storage format failed (exit ${r.status}):\n${`${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n')}`,
    );
  }
}
