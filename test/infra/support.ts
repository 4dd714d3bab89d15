import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

import { REPO_ROOT } from './conventions';

export type Json = any;

export const read = (...path: string[]): string => readFileSync(join(REPO_ROOT, ...path), 'utf8');

/**
 * YAML as docker-compose reads it: merge keys (`<<: *anchor`) resolved, YAML 1.1 so `yes`/`on`
 * would show up as booleans exactly where compose would choke on them.
 */
export const parseYaml11 = (text: string): Json => parse(text, { merge: true, version: '1.1' });

export const parseYamlStream = (text: string): Json[] =>
  parseAllDocuments(text, { version: '1.1' })
    .map((doc) => {
      if (doc.errors.length) throw doc.errors[0];
      return doc.toJSON();
    })
    .filter((doc) => doc !== null && doc !== undefined);

/** Absolute path of an executable on PATH, or undefined. */
export function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, bin);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  const result = spawnSync(bin, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}

/** Which external validator ran, so a run without the tool says so instead of passing quietly. */
export function logValidation(message: string): void {
  console.log(`[test/infra] ${message}`);
}

/** "host:port" or "scheme://host:port/..." → { host, port }. */
export function hostPort(value: string): { host: string; port: number } {
  const m = /^(?:[a-z]+:\/\/)?([^:/\s]+):(\d+)/.exec(value);
  if (!m) throw new Error(`not host:port: ${value}`);
  return { host: m[1], port: Number(m[2]) };
}

/** k8s quantity → number (cores or bytes). */
export function quantity(value: string | number): number {
  const m = /^([0-9.]+)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(String(value));
  if (!m) throw new Error(`bad quantity ${value}`);
  const factor: Record<string, number> = {
    m: 1e-3,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
  };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1);
}

/** The Kafka version the fleet runs (`<kafka.version>` of tools/kafka/pom.xml, its single source). */
export function fleetKafkaVersion(): string {
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('tools', 'kafka', 'pom.xml'))?.[1];
  if (!version) throw new Error('tools/kafka/pom.xml has no <kafka.version>');
  return version;
}
