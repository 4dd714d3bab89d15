// Chromium for the dashboard's browser test (test/e2e/dashboard): Debian's package, installed by
// `npm test` when it is missing and we may install it. Node built-ins only (runs before npm install).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { log } from './log.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Makes sure `/usr/bin/chromium` exists: does nothing when it does; otherwise, running as root on
 * a machine with apt-get, runs `apt-get update && apt-get install -y chromium`. Never throws: when
 * it cannot install, it says why and the browser test fails with its own clear message.
 * Returns `present`, `installed` or `missing`.
 */
export function ensureChromium({
  path = CHROMIUM_PATH,
  exists = existsSync,
  isRoot = typeof process.getuid === 'function' && process.getuid() === 0,
  run = (cmd, args) =>
    spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }),
} = {}) {
  if (exists(path)) return 'present';
  if (!isRoot || !exists('/usr/bin/apt-get')) {
    log.warn(
      `${path} is missing and cannot be installed here (${isRoot ? 'no apt-get' : 'not root'}): the dashboard browser test will fail. Install it with: sudo apt-get install -y chromium`,
    );
    return 'missing';
  }
  log.step(`installing Debian's chromium for the dashboard browser test (apt-get install -y chromium)…`);
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const result = run('apt-get', args);
    if (result.status !== 0) {
      log.warn(`apt-get ${args.join(' ')} failed (exit ${result.status}): the dashboard browser test will fail`);
      return 'missing';
    }
  }
  return exists(path) ? 'installed' : 'missing';
}
