import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// "Every number in a README comes from a command in the repo that anyone can rerun": a block of
// README.md (and of a measurement section — Measured, Benchmark, Performance — of an app's or lib's README) that shows a figure — a
// number with a unit of time, rate, size or a ratio — names the command that prints it, and
// that command exists. A table, list or code block showing figures may take the command from
// the paragraph right before it (the one that introduces it).
const ROOT = join(__dirname, '..', '..');
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

/** A measured figure: `85 ns`, `5.4 ms`, `229 361 writes/s`, `22.4×`, `0.44x`, `1.58 %`, `16.85 M`. */
const FIGURE =
  /(?<![\w.\-/])\d+(?:[.,\u00a0\u202f ]\d+)*\s?(?:×|x(?![\w])|%|ns\b|µs\b|ms\b|s\b|(?:writes|rows|calls|req|orders)?\/s\b|[kMG]B\b|M\b)/u;
/** Sections of an app's or lib's README that report measurements. */
const MEASURED = /measured|bench|performance/i;
/** `npm run <script>` or `node [flags] <file>`, as code. */
const COMMAND = /`[^`]*?\b(?:npm run ([\w:-]+)|node (?:--?[\w-]+(?:=\S+)? )*([\w./-]+\.(?:m?js|ts)))[^`]*`/g;

interface Block {
  kind: 'prose' | 'list' | 'table' | 'code';
  text: string;
  line: number;
}

/** Markdown cut into headings-free blocks: paragraphs, tables and code fences, per section. */
function blocksOf(markdown: string): Array<Block & { heading: string; level: number }> {
  const blocks: Array<Block & { heading: string; level: number }> = [];
  let heading = '';
  let level = 0;
  let current: (Block & { heading: string; level: number }) | undefined;
  let inFence = false;
  const lines = markdown.split('\n');
  const close = () => {
    if (current) blocks.push(current);
    current = undefined;
  };
  lines.forEach((line, index) => {
    if (inFence) {
      current!.text += `\n${line}`;
      if (line.startsWith('```')) {
        inFence = false;
        close();
      }
      return;
    }
    if (line.startsWith('```')) {
      close();
      inFence = true;
      current = { kind: 'code', text: line, line: index + 1, heading, level };
      return;
    }
    const title = /^(#+)\s+(.*)$/.exec(line);
    if (title) {
      close();
      level = title[1].length;
      heading = title[2];
      return;
    }
    if (line.trim() === '') return close();
    const trimmed = line.trimStart();
    const kind = trimmed.startsWith('|') ? 'table' : /^([-*]|\d+\.) /.test(trimmed) ? 'list' : 'prose';
    // A list item's continuation lines are indented prose: they stay in the list.
    const continues = current?.kind === 'list' && kind === 'prose' && line.startsWith(' ');
    if (current && current.kind !== kind && !continues) close();
    if (current) current.text += `\n${line}`;
    else current = { kind, text: line, line: index + 1, heading, level };
  });
  close();
  return blocks;
}

/** The commands a block names, and which of them do not exist in this repo. */
function commandsOf(text: string): { named: string[]; missing: string[] } {
  const named: string[] = [];
  const missing: string[] = [];
  for (const [, script, file] of text.matchAll(COMMAND)) {
    if (script) {
      named.push(`npm run ${script}`);
      if (!SCRIPTS[script]) missing.push(`npm run ${script}`);
    } else {
      named.push(`node ${file}`);
      // A built file (dist/x.js) comes from its source (x.ts).
      const source = file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      if (!existsSync(join(ROOT, file)) && !existsSync(join(ROOT, source))) missing.push(`node ${file}`);
    }
  }
  return { named, missing };
}

/** Every figure-showing block that names no existing command, as `file:line figure`. */
function unsourcedFigures(markdown: string, file: string, onlyMeasured: boolean): string[] {
  const findings: string[] = [];
  let measuredLevel: number | undefined;
  let previous: Block | undefined;
  let lastHeading: string | undefined;
  for (const block of blocksOf(markdown)) {
    if (block.heading !== lastHeading) {
      lastHeading = block.heading;
      previous = undefined;
      if (measuredLevel !== undefined && block.level <= measuredLevel) measuredLevel = undefined;
      if (MEASURED.test(block.heading)) measuredLevel = block.level;
    }
    const inScope = !onlyMeasured || measuredLevel !== undefined;
    const figure = FIGURE.exec(block.text);
    if (inScope && figure) {
      const own = commandsOf(block.text);
      const inherited =
        block.kind !== 'prose' && previous && previous.kind !== 'table' && previous.kind !== 'code'
          ? commandsOf(previous.text)
          : undefined;
      const named = [...own.named, ...(inherited?.named ?? [])];
      const missing = [...own.missing, ...(inherited?.missing ?? [])];
      if (named.length === 0) findings.push(`${file}:${block.line} "${figure[0]}" names no command that prints it`);
      for (const command of missing) findings.push(`${file}:${block.line} names \`${command}\`, which does not exist`);
    }
    previous = block;
  }
  return findings;
}

const readmesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .map((name) => join(dir, name, 'README.md'))
    .filter((path) => existsSync(join(ROOT, path)));

describe('figures in the READMEs', () => {
  it('README.md names, for every figure, the command that prints it', () => {
    expect(unsourcedFigures(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'README.md', false)).toEqual([]);
  });

  it.each([...readmesUnder('apps'), ...readmesUnder('libs')])(
    '%s: every figure of a measurement section too',
    (path) => {
      expect(unsourcedFigures(readFileSync(join(ROOT, path), 'utf8'), path, true)).toEqual([]);
    },
  );

  it('finds a figure without its command, a table without an introducing command, and a command that does not exist', () => {
    const markdown = [
      '# Measured',
      '',
      'The breaker costs 85 ns per call.',
      '',
      'Measured with `npm run bench:resilience`:',
      '',
      '| scenario | ns/call |',
      '|---|---|',
      '| breaker | 85 ns |',
      '',
      'It accepts 229 361 writes/s (`npm run bench:nothing`).',
      '',
      '| ratio |',
      '|---|',
      '| 0.44x |',
      '',
      'Two cores, Node 20, port 3000: no figures (`k8s/` neither).',
    ].join('\n');
    expect(unsourcedFigures(markdown, 'X.md', false)).toEqual([
      'X.md:3 "85 ns" names no command that prints it',
      'X.md:11 names `npm run bench:nothing`, which does not exist',
      'X.md:13 names `npm run bench:nothing`, which does not exist',
    ]);
  });
});
