import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// tools/kafka/kafka.mjs is ESM, so newClusterId runs in a child process. A cluster id that starts with
// '-' made `kafka-storage format -t <id>` fail in CI (argparse took it for an option).
const KAFKA = resolve(__dirname, '../../tools/kafka/kafka.mjs');

function run(script: string): string[] {
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import { newClusterId } from ${JSON.stringify(KAFKA)};\n${script}`],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
  return child.stdout.trim().split('\n');
}

describe('tools/kafka newClusterId', () => {
  it('draws again when the random bytes would make an id that starts with "-"', () => {
    // 0xf8 as the first byte encodes to '-' (base64url index 62) as the first character.
    const [id, draws] = run(`
      const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x41)];
      let n = 0;
      console.log(newClusterId(() => draws[n++]));
      console.log(n);
    `);
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x41).toString('base64url'));
    expect(draws).toBe('2');
  });

  it('makes 22-character base64url ids, none starting with "-", all different', () => {
    const ids = run('for (let i = 0; i < 5000; i++) console.log(newClusterId());');
    expect(ids).toHaveLength(5000);
    expect(new Set(ids).size).toBe(5000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
