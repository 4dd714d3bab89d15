import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The import rules between projects (apps never import apps, libs never import apps, a lib only
 * through `@shop/<lib>`) are checked by `npm run lint` (`@nx/enforce-module-boundaries` and
 * `no-restricted-imports` in eslint.config.mjs). That rule reads these tags; a project without
 * them would be checked against nothing.
 */
const ROOT = join(__dirname, '..', '..');

describe('module boundaries', () => {
  it('every project declares a type tag and a scope in its project.json', () => {
    for (const top of ['apps', 'libs']) {
      for (const name of readdirSync(join(ROOT, top))) {
        const project = JSON.parse(readFileSync(join(ROOT, top, name, 'project.json'), 'utf8')) as { tags: string[] };
        expect(project.tags).toContain(top === 'apps' ? 'type:app' : 'type:lib');
        expect(project.tags.some((tag) => tag.startsWith('scope:'))).toBe(true);
      }
    }
  });

  it('the lint refuses a relative import into another project, a deep import into a lib, and test support in production code', () => {
    const probe = [
      "import { x } from '../../../apps/orders/src/main';",
      "import { y } from '@shop/resilience/src/metrics';",
      "import { w } from '@shop/write-behind/testing';",
      'export const z = [x, y, w];',
    ].join('\n');
    // The boundary rule reads Nx's cached project graph and skips itself without one.
    const graph = spawnSync(process.execPath, [join(ROOT, 'node_modules/nx/bin/nx.js'), 'show', 'projects'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(graph.status).toBe(0);
    // ESLint's flat config is an ES module, which jest's CommonJS runtime cannot load: ask a child.
    const script = `
      import { ESLint } from 'eslint';
      const eslint = new ESLint({
        cwd: process.cwd(),
        overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
        ruleFilter: ({ ruleId }) => ['@nx/enforce-module-boundaries', 'no-restricted-imports'].includes(ruleId),
      });
      const [result] = await eslint.lintText(process.env.PROBE, { filePath: 'libs/contracts/src/boundary-probe.ts' });
      console.log(JSON.stringify(result.messages.map((m) => ({ rule: m.ruleId, line: m.line }))));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, PROBE: probe },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([
      { rule: '@nx/enforce-module-boundaries', line: 1 },
      { rule: 'no-restricted-imports', line: 2 },
      { rule: 'no-restricted-imports', line: 3 },
    ]);
  });
});
