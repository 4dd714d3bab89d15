import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The module-boundary rules of the monorepo, checked on every import of every source file:
 * apps never import other apps, libs never import apps, and a lib is used only through its one
 * public entry (`@shop/<lib>`), never by a deep or relative path into it.
 */
const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** `apps/orders/src/x.ts` → `apps/orders`; `libs/platform/src/x.ts` → `libs/platform`. */
function projectOf(path: string): string {
  return relative(ROOT, path).split('/').slice(0, 2).join('/');
}

const files = ['apps', 'libs'].flatMap((top) => sourceFiles(join(ROOT, top)));

describe('module boundaries', () => {
  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('no app or lib reaches into another project by a relative path', () => {
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => ({ file, target: join(file, '..', spec) }))
        .filter(({ file, target }) => projectOf(target) !== projectOf(file))
        .map(({ file, target }) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
    );
    expect(violations).toEqual([]);
  });

  it('libs are imported only through their public entry, and libs never import apps', () => {
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^@shop\/[^/]+\/.+/.test(spec) || spec.startsWith('apps/') || spec.startsWith('libs/'))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('every project declares a type tag and scope in its project.json', () => {
    for (const top of ['apps', 'libs']) {
      for (const name of readdirSync(join(ROOT, top))) {
        const project = JSON.parse(readFileSync(join(ROOT, top, name, 'project.json'), 'utf8')) as { tags: string[] };
        expect(project.tags).toContain(top === 'apps' ? 'type:app' : 'type:lib');
        expect(project.tags.some((tag) => tag.startsWith('scope:'))).toBe(true);
      }
    }
  });
});
