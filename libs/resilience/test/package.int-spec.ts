import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The library as an npm package, the way a project outside this monorepo gets it: build it to
 * libs/resilience/dist, `npm pack` it, install the tarball into scratch projects in the OS temp
 * folder (outside the workspace, so nothing resolves from its node_modules), and run the
 * examples in libs/resilience/examples against it with plain `node`. The plain-Node project has
 * only the tarball (and its one dependency, yaml): no prom-client, no @nestjs/*, so it also
 * proves that the core loads without its optional peers. The Nest project adds the Nest packages
 * at the versions this repository uses, from npm's cache when they are there (--prefer-offline).
 * With a warm cache the whole file takes about 10 s (build 2 s, pack 0.4 s, both installs 6.5 s).
 */
const ROOT = join(__dirname, '..', '..', '..');
const LIB = join(ROOT, 'libs', 'resilience');
const EXAMPLES = join(LIB, 'examples');
const NEST_PEERS = ['@nestjs/common', '@nestjs/core', '@nestjs/terminus', 'reflect-metadata', 'rxjs'];
const OPTIONAL_PEERS = Object.keys(
  (JSON.parse(readFileSync(join(LIB, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> })
    .peerDependencies,
);

jest.setTimeout(240_000);

/** npm's settings from the environment, minus what an enclosing `npm test` says about this repo. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const k = key.toLowerCase();
    if (k.startsWith('npm_package_') || k.startsWith('npm_lifecycle_') || k === 'npm_config_local_prefix') continue;
    if (k === 'npm_config_prefix' || k === 'npm_config_global' || k === 'node_path' || k === 'init_cwd') continue;
    env[key] = value;
  }
  return env;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command without blocking the event loop, so the two installs overlap. */
function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function ok(result: Run, what: string): Run {
  if (result.code !== 0) throw new Error(`${what} exited with ${result.code}:\n${result.stderr}\n${result.stdout}`);
  return result;
}

/** The version of `name` installed in this repository (a package's exports may hide its package.json). */
function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;
}

const NPM_INSTALL = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'];

function scratchProject(dir: string, name: string, examples: string[]): void {
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', private: true }, null, 2));
  for (const file of examples) copyFileSync(join(EXAMPLES, file), join(dir, file));
}

describe('@shop/resilience as an npm package', () => {
  let scratch: string;
  let tarball: string;
  let packedFiles: string[];
  const plain = (): string => join(scratch, 'plain');
  const nest = (): string => join(scratch, 'nest');

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'shop-resilience-package-'));

    // The same build as `nx run resilience:build`.
    rmSync(join(LIB, 'dist'), { recursive: true, force: true });
    const tsc = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(LIB, 'tsconfig.lib.json')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');

    const pack = ok(await run('npm', ['pack', '--json', '--pack-destination', scratch], LIB), 'npm pack');
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(scratch, packed.filename);
    packedFiles = packed.files.map((f) => f.path);

    scratchProject(plain(), 'plain-consumer', ['plain-node.js', 'resilience.yaml']);
    scratchProject(nest(), 'nest-consumer', ['nest-app.js']);
    const nestPeers = NEST_PEERS.map((name) => `${name}@${installedVersion(name)}`);
    const [plainInstall, nestInstall] = await Promise.all([
      run('npm', [...NPM_INSTALL, tarball], plain()),
      run('npm', [...NPM_INSTALL, tarball, ...nestPeers], nest()),
    ]);
    ok(plainInstall, 'npm install (plain project)');
    ok(nestInstall, 'npm install (Nest project)');
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('packs the build, its types and the README, and no sources or tests', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/nest/index.js',
        'dist/nest/index.d.ts',
      ]),
    );
    expect(packedFiles.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md')).toEqual([]);
    expect(packedFiles.filter((f) => /\.spec\.|testing\//.test(f))).toEqual([]);
  });

  it('installs into a plain project without prom-client, piscina, reflect-metadata or @nestjs/*', async () => {
    const modules = join(plain(), 'node_modules');
    expect(readdirSync(join(modules, '@shop'))).toEqual(['resilience']);
    for (const peer of OPTIONAL_PEERS) expect(existsSync(join(modules, peer))).toBe(false);
    expect(existsSync(join(modules, '@nestjs'))).toBe(false);
    // Nothing above the scratch folder supplies them either.
    const probe = await run(
      process.execPath,
      [
        '-e',
        `for (const p of ${JSON.stringify(OPTIONAL_PEERS)}) { try { require.resolve(p); console.log(p); } catch {} }`,
      ],
      plain(),
    );
    expect(ok(probe, 'resolve probe').stdout).toBe('');
  });

  it('loads the core there, while the Nest entry says what it is missing', async () => {
    const core = await run(
      process.execPath,
      [
        '-e',
        "const r = require('@shop/resilience'); console.log(typeof r.wrap, typeof r.ResilienceRegistry, 'ResilienceModule' in r)",
      ],
      plain(),
    );
    expect(ok(core, 'require core').stdout.trim()).toBe('function function false');
    const nestEntry = await run(process.execPath, ['-e', "require('@shop/resilience/nest')"], plain());
    expect(nestEntry.code).not.toBe(0);
    expect(nestEntry.stderr).toMatch(/Cannot find module '(reflect-metadata|@nestjs\/common)'/);
  });

  it('runs the plain-Node example: retry + breaker + timeout, and a registry from YAML without metrics', async () => {
    const example = ok(await run(process.execPath, ['plain-node.js'], plain()), 'plain-node.js');
    expect(example.stderr).toBe('');
    expect(example.stdout.trim().split('\n')).toEqual([
      'retry: attempt 2 in 10 ms',
      'flaky: 7 available after 2 calls',
      'retry: attempt 2 in 10 ms',
      'retry: attempt 3 in 20 ms',
      'breaker: closed -> open',
      'slow: timeout=true after 3 calls, signal aborted=true',
      'open: broken-circuit=true, calls made=0',
      'registry: outcome=fallback cause=error calls=2',
      'registry: circuit=open recentCalls=1 timeoutMs=200',
    ]);
  });

  it('runs the Nest example: ResilienceModule.forRoot and @Resilient with its fallback', async () => {
    const example = ok(await run(process.execPath, ['nest-app.js'], nest()), 'nest-app.js');
    expect(example.stderr).toBe('');
    expect(example.stdout.trim().split('\n')).toEqual([
      'charged o-1',
      'accepted o-2 for later (error)',
      'accepted o-3 for later (broken-circuit)',
      'gateway calls: 2',
      'health: up, degraded: payment_gateway',
      'circuit: open',
    ]);
  });
});
