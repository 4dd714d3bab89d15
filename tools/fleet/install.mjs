import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { copyAssets } from '../build/copy-assets.mjs';
import { FleetError, log } from './log.mjs';

/**
 * Installs dependencies when node_modules is missing or was installed from another
 * package-lock.json. The lock file's hash is what counts, not its mtime: a fresh checkout or a
 * second worktree of the same commit has a newer lock file with the same content, and must not
 * trigger an `npm ci` (which deletes node_modules first).
 */
export function ensureDependencies(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const stamp = join(root, 'node_modules', '.install-stamp');
  const lock = join(root, 'package-lock.json');
  const lockHash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lockHash) return;
  // Installed by hand (npm ci/install) after the lock file last changed: adopt it.
  if (!existsSync(stamp) && existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
    writeFileSync(stamp, `${lockHash}\n`);
    return;
  }
  log.step('installing dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  mkdirSync(join(root, 'node_modules'), { recursive: true }); // npm ci makes none for a project without dependencies
  writeFileSync(stamp, `${lockHash}\n`);
}

const SOURCE_DIRS = ['apps', 'libs', 'bench', 'tools'];
const BUILD_STAMP = join('dist', '.build-stamp');

function newestSourceMtime(dir, newest = 0) {
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'lib' || entry.name === 'target') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSourceMtime(path, newest);
    // TypeScript sources, and the static files copied beside them (see tools/build/copy-assets.mjs).
    else if (entry.name.endsWith('.ts') || dir.split(/[\\/]/).includes('assets')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Compiles the monorepo into dist/ (and copies its static assets) unless dist is newer than every source. */
export function ensureBuilt(root) {
  const stamp = join(root, BUILD_STAMP);
  const configs = ['tsconfig.base.json', 'tsconfig.build.json'].map((f) => statSync(join(root, f)).mtimeMs);
  const newest = Math.max(...configs, ...SOURCE_DIRS.map((d) => newestSourceMtime(join(root, d))));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return;
  log.step('building (tsc -p tsconfig.build.json)…');
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) throw new FleetError('the TypeScript build failed: see the compiler errors above');
  copyAssets(root);
  writeFileSync(stamp, new Date().toISOString());
}
