import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * ensureChromium is an ES module of the fleet tools (Node built-ins only); it runs here in a
 * child `node`, with fakes for the file checks, root and apt-get.
 */
function ensureChromium(scenario: { existing: string[]; isRoot: boolean; failing?: string; appears?: boolean }) {
  const module = join(__dirname, 'chromium.mjs');
  const script = `
    import { ensureChromium } from ${JSON.stringify(module)};
    const existing = new Set(${JSON.stringify(scenario.existing)});
    const calls = [];
    const result = ensureChromium({
      exists: (p) => existing.has(p),
      isRoot: ${scenario.isRoot},
      run: (cmd, args) => {
        calls.push([cmd, ...args].join(' '));
        if (${JSON.stringify(scenario.appears ?? true)} && args[0] === 'install') existing.add('/usr/bin/chromium');
        return { status: args[0] === ${JSON.stringify(scenario.failing ?? '')} ? 100 : 0 };
      },
    });
    console.log('RESULT ' + JSON.stringify({ result, calls }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`child failed: ${child.stderr}`);
  return { ...(JSON.parse(line.slice(7)) as { result: string; calls: string[] }), output: child.stdout + child.stderr };
}

describe('ensureChromium (tools/fleet/chromium.mjs)', () => {
  it('does nothing when /usr/bin/chromium exists', () => {
    expect(ensureChromium({ existing: ['/usr/bin/chromium', '/usr/bin/apt-get'], isRoot: true })).toMatchObject({
      result: 'present',
      calls: [],
    });
  });

  it('installs Debian’s package with apt-get when missing, as root', () => {
    expect(ensureChromium({ existing: ['/usr/bin/apt-get'], isRoot: true })).toMatchObject({
      result: 'installed',
      calls: ['apt-get update', 'apt-get install -y chromium'],
    });
  });

  it('does not try without root or without apt-get, and says how to install it', () => {
    const notRoot = ensureChromium({ existing: ['/usr/bin/apt-get'], isRoot: false });
    expect(notRoot).toMatchObject({ result: 'missing', calls: [] });
    expect(notRoot.output).toMatch(/apt-get install -y chromium/);
    expect(ensureChromium({ existing: [], isRoot: true })).toMatchObject({ result: 'missing', calls: [] });
  });

  it('reports missing, without throwing, when apt-get fails', () => {
    expect(ensureChromium({ existing: ['/usr/bin/apt-get'], isRoot: true, failing: 'update' })).toMatchObject({
      result: 'missing',
      calls: ['apt-get update'],
    });
    expect(ensureChromium({ existing: ['/usr/bin/apt-get'], isRoot: true, appears: false })).toMatchObject({
      result: 'missing',
    });
  });
});
