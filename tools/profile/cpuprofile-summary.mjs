#!/usr/bin/env node
// Summarises V8 .cpuprofile files (from `node --cpu-prof`): self time by package (or our code's
// top folder) and the heaviest functions. Used for docs/performance.md:
//   node tools/profile/cpuprofile-summary.mjs <dir-or-file>... [--top 15]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const TOP = topIndex >= 0 ? Number(args.splice(topIndex, 2)[1]) : 15;
const files = args.flatMap((a) =>
  statSync(a).isDirectory()
    ? readdirSync(a)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(a, f))
    : [a],
);

/** `node_modules/@nestjs/core/…` → `@nestjs/core`; `dist/libs/messaging/…` → `libs/messaging`. */
function owner(url) {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node:internals';
  const ours = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  return ours ? ours[1] : url.replace(/^file:\/\//, '');
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas;
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const byOwner = new Map();
  const byFunction = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const node = byId.get(id);
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') {
      idle += micros;
      continue;
    }
    total += micros;
    const o = ['(garbage collector)', '(program)'].includes(name) ? name : owner(node.callFrame.url);
    byOwner.set(o, (byOwner.get(o) ?? 0) + micros);
    const fn = `${name} ${owner(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const ms = (micros) => (micros / 1000).toFixed(0).padStart(7);
  const pct = (micros) => ((100 * micros) / total).toFixed(1).padStart(5);
  console.log(`\n${file}: ${ms(total)} ms busy, ${ms(idle)} ms idle`);
  console.log('  self time by owner:');
  for (const [o, m] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`  ${ms(m)} ms ${pct(m)} %  ${o}`);
  console.log('  heaviest functions (self):');
  for (const [f, m] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`  ${ms(m)} ms ${pct(m)} %  ${f}`);
}
