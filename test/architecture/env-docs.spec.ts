import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Drift between the environment the docs describe and the one the apps validate at start-up:
// every variable docs/conventions.md and the README's configuration table name is declared by a
// validated env class (or the providers' validated config), and every declared one is documented.
const ROOT = join(__dirname, '..', '..');
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');

function files(dir: string, match: RegExp): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path, match) : match.test(path) ? [path] : [];
  });
}

const VARIABLE = /`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT|HOST)`/g;

/** Variables named in the env sections of docs/conventions.md and the README's table. */
function documented(): Set<string> {
  const conventions = read('docs', 'conventions.md');
  const sections = conventions
    .split(/^## /m)
    .filter((s) => /^(Environment variables|Optional variables)/.test(s))
    .join('\n');
  const readme = read('README.md');
  const table = /## Configuration\n([\s\S]*?)\n## /.exec(readme)![1];
  const rows = table.split('\n').filter((l) => l.startsWith('| `'));
  const names = new Set<string>();
  for (const text of [sections, rows.map((r) => r.split('|')[1]).join('\n')])
    for (const [, name] of text.matchAll(VARIABLE)) names.add(name);
  // A pattern, not a variable: RESILIENCE__<DEPENDENCY>__<KEY> overrides are checked by their own specs.
  names.delete('RESILIENCE__');
  return names;
}

/** Variables declared by the env classes and read by the providers' validated config. */
function validated(): Set<string> {
  const names = new Set<string>();
  const classes = [
    join(ROOT, 'libs', 'platform', 'src', 'config', 'service-env.ts'),
    join(ROOT, 'libs', 'messaging', 'src', 'inbox.env.ts'),
    join(ROOT, 'apps', 'gateway', 'src', 'common', 'gateway-settings.ts'),
    ...files(join(ROOT, 'apps'), /-env\.ts$/),
  ];
  for (const file of classes)
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]*)[!?]?:/gm)) names.add(name);
  for (const [, name] of read('apps', 'providers', 'src', 'provider-config.ts').matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g))
    names.add(name);
  return names;
}

describe('documented environment = validated environment', () => {
  it('every documented variable is validated at start-up', () => {
    const missing = [...documented()].filter((name) => !validated().has(name));
    expect(missing).toEqual([]);
  });

  it('every validated variable is documented', () => {
    const undocumented = [...validated()].filter((name) => !documented().has(name));
    expect(undocumented).toEqual([]);
  });
});
