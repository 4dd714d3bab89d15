#!/usr/bin/env node
// `npm run lint`: ESLint (zero warnings) and Prettier's check over the whole tree.
// @nx/enforce-module-boundaries reads Nx's cached project graph and skips itself without one, so
// the graph is computed first.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (pkg, file) => join(ROOT, 'node_modules', pkg, file);

function run(label, args, { quiet = false } = {}) {
  console.log(`▸ ${label}`);
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

run('nx project graph', [bin('nx', 'bin/nx.js'), 'show', 'projects'], { quiet: true });
run('eslint . --max-warnings 0', [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings', '0']);
run('prettier --check .', [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.']);
