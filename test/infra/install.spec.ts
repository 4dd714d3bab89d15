import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// tools/fleet/install.mjs decides when `npm start` / `npm test` run `npm ci`. It runs here in a
// child process (the module is ESM) against throw-away project folders with an empty lock file.
const INSTALL = resolve(__dirname, '../../tools/fleet/install.mjs');
const LOCK = JSON.stringify({
  name: 'probe',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: { '': { name: 'probe', version: '1.0.0' } },
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'install-spec-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', private: true }));
  writeFileSync(join(root, 'package-lock.json'), LOCK);
  return root;
}

function ensure(root: string): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { ensureDependencies } from ${JSON.stringify(INSTALL)}; ensureDependencies(${JSON.stringify(root)});`,
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const lockHash = (root: string) =>
  createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');

describe('tools/fleet ensureDependencies', () => {
  const roots: string[] = [];
  const make = () => {
    const root = project();
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('installs when node_modules is missing and records the lock file it installed from', () => {
    const root = make();
    const run = ensure(root);
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/npm ci/);
    expect(readFileSync(join(root, 'node_modules', '.install-stamp'), 'utf8').trim()).toBe(lockHash(root));
  }, 60_000);

  it('does not reinstall a checkout whose lock file is newer on disk but has the same content', () => {
    const root = make();
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', '.install-stamp'), `${lockHash(root)}\n`);
    writeFileSync(join(root, 'node_modules', 'keep-me'), 'installed');
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'package-lock.json'), future, future);

    const run = ensure(root);
    expect(run.status).toBe(0);
    expect(run.output).not.toMatch(/npm ci/);
    expect(existsSync(join(root, 'node_modules', 'keep-me'))).toBe(true);
  });

  it('adopts a hand-made install done after the lock file changed, without reinstalling', () => {
    const root = make();
    mkdirSync(join(root, 'node_modules'));
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'package-lock.json'), past, past);
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), LOCK);

    const run = ensure(root);
    expect(run.status).toBe(0);
    expect(run.output).not.toMatch(/npm ci/);
    expect(readFileSync(join(root, 'node_modules', '.install-stamp'), 'utf8').trim()).toBe(lockHash(root));
  });

  it('reinstalls when the lock file changed since the recorded install', () => {
    const root = make();
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', '.install-stamp'), 'hash-of-an-older-lock-file\n');
    writeFileSync(join(root, 'node_modules', 'stale'), 'from the old lock');

    const run = ensure(root);
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/npm ci/);
    expect(existsSync(join(root, 'node_modules', 'stale'))).toBe(false);
    expect(readFileSync(join(root, 'node_modules', '.install-stamp'), 'utf8').trim()).toBe(lockHash(root));
  }, 60_000);
});
