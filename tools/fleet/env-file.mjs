import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { log } from './log.mjs';

/** Parses KEY=VALUE lines (comments and blank lines ignored, optional quotes stripped). */
export function parseEnvFile(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

/**
 * The dev fleet's settings: `.env` (git-ignored), created from `.env.example` on the first start
 * with a freshly generated ADMIN_API_KEY, so no secret is ever committed or shared.
 */
export function loadDevEnv(root) {
  const path = join(root, '.env');
  if (!existsSync(path)) {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const key = randomBytes(24).toString('hex');
    writeFileSync(path, example.replace(/^ADMIN_API_KEY=.*$/m, `ADMIN_API_KEY=${key}`), { mode: 0o600 });
    log.step('created .env from .env.example with a new ADMIN_API_KEY');
  }
  return parseEnvFile(readFileSync(path, 'utf8'));
}

/**
 * A test fleet's settings: the example's defaults plus an admin key of its own, kept in its run
 * folder so that a process restarted mid-suite gets the same key; never the developer's .env.
 */
export function testEnv(root, runDir) {
  const example = parseEnvFile(readFileSync(join(root, '.env.example'), 'utf8'));
  const keyFile = join(runDir, 'admin-api-key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  return { ...example, ADMIN_API_KEY: readFileSync(keyFile, 'utf8').trim() };
}
