import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadAssets } from './dashboard-page.controller';

const ASSETS = join(__dirname, 'assets');
/** `import … from './x.js'` and `export … from './x.js'` of one module. */
const importsOf = (source: string): string[] =>
  [...source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'\.\/([^']+)'/gms)].map((m) => m[1]);

describe('the dashboard’s static files', () => {
  const assets = loadAssets();

  it('serve the page’s entry module and every module it imports, with their types', () => {
    const html = readFileSync(join(ASSETS, 'dashboard.html'), 'utf8');
    expect(html).toContain('<script type="module" src="/dashboard/dashboard.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/dashboard/dashboard.css" />');
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const asset = assets.get(file);
      expect({ file, served: asset !== undefined }).toEqual({ file, served: true });
      for (const imported of importsOf(asset!.body)) visit(imported);
    };
    visit('dashboard.js');
    // Every module is reached from the entry: none is served without being used.
    expect([...seen].sort()).toEqual([...assets.keys()].filter((f) => f.endsWith('.js')).sort());
    expect(assets.get('dashboard.js')!.type).toBe('text/javascript; charset=utf-8');
    expect(assets.get('dashboard.css')!.type).toBe('text/css; charset=utf-8');
  });

  it('serve nothing but scripts and styles, and no file over 400 lines', () => {
    expect([...assets.keys()].every((f) => /\.(js|css)$/.test(f))).toBe(true);
    for (const [file, { body }] of assets)
      expect({ file, lines: body.split('\n').length <= 400 }).toEqual({ file, lines: true });
  });
});
