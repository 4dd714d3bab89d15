#!/usr/bin/env node
// tsc emits only what it compiles: the static files an app serves (any `assets/` folder under
// apps/ or libs/) are copied into dist/ at the same relative path, beside the compiled code that
// reads them. Run by `npm run build` and by the fleet's ensureBuilt().
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ASSET_ROOTS = ['apps', 'libs'];

/** Every `assets/` folder under `dir`, skipping node_modules. */
export function assetDirs(dir, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.name === 'assets') found.push(path);
    else assetDirs(path, found);
  }
  return found;
}

/** Copies every assets folder of the tree at `root` into `root/dist`. */
export function copyAssets(root) {
  for (const dir of ASSET_ROOTS.flatMap((top) => assetDirs(join(root, top)))) {
    cpSync(dir, join(root, 'dist', relative(root, dir)), { recursive: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  copyAssets(fileURLToPath(new URL('../..', import.meta.url)));
}
