#!/usr/bin/env node
// Summarises V8 .cpuprofile files (from `node --cpu-prof`): self time by package (or our code's
// top folder) and the heaviest functions. Used for docs/performance.md:
//   node tools/profile/cpuprofile-summary.mjs <dir-or-file>... [--top 15] [--skip-s 20]
// --skip-s drops the first seconds of each profile (start-up: module loading and compiling), so
// what is left is the work under load. Native and Node-internal frames (socket writes, timers…)
// are also charged to the nearest package above them: "writeBuffer" alone does not say whether
// mysql2, kafkajs or the trace exporter wrote.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : fallback;
}
const TOP = option('--top', 15);
const SKIP_MICROS = option('--skip-s', 0) * 1e6;
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

/** The app a profile belongs to: the `apps/<name>` its frames come from most. */
function appOf(nodes, file) {
  const count = new Map();
  for (const n of nodes) {
    const app = /\/dist\/apps\/([^/]+)/.exec(n.callFrame.url)?.[1];
    if (app) count.set(app, (count.get(app) ?? 0) + 1);
  }
  const thread = /\.(\d+)\.\d+\.cpuprofile$/.exec(basename(file))?.[1];
  const app = [...count].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '?';
  return thread && thread !== '0' ? `${app} (worker thread ${thread})` : app;
}

/** A frame of a script of ours or a package's (not native, not Node's own `node:` internals). */
const isPackageFrame = (url) => Boolean(url) && !url.startsWith('node:');

function add(map, key, micros) {
  map.set(key, (map.get(key) ?? 0) + micros);
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** The nearest package above a native or Node-internal frame (`net.Socket#write` is not the writer). */
  const callerOwner = (id) => {
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const url = byId.get(at).callFrame.url;
      if (isPackageFrame(url)) return owner(url);
    }
    return '(native/vm)';
  };
  const self = new Map();
  let elapsed = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    elapsed += profile.timeDeltas[i] ?? 0;
    if (elapsed >= SKIP_MICROS) add(self, profile.samples[i], profile.timeDeltas[i] ?? 0);
  }
  const byOwner = new Map();
  const byCaller = new Map();
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
    const { url, lineNumber } = node.callFrame;
    const special = ['(garbage collector)', '(program)'].includes(name);
    const o = special ? name : owner(url);
    add(byOwner, o, micros);
    add(byCaller, special || isPackageFrame(url) ? o : callerOwner(id), micros);
    add(byFunction, `${name} ${owner(url)}:${lineNumber + 1}`, micros);
  }
  const ms = (micros) => (micros / 1000).toFixed(0).padStart(7);
  const pct = (micros) => ((100 * micros) / total).toFixed(1).padStart(5);
  const skipped = SKIP_MICROS ? ` after the first ${SKIP_MICROS / 1e6} s` : '';
  console.log(`\n${appOf(profile.nodes, file)} — ${file}: ${ms(total)} ms busy, ${ms(idle)} ms idle${skipped}`);
  const table = (title, map) => {
    console.log(`  ${title}:`);
    for (const [k, m] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP))
      console.log(`  ${ms(m)} ms ${pct(m)} %  ${k}`);
  };
  table('self time by owner', byOwner);
  table('self time by owner, native and node: frames charged to the package that called them', byCaller);
  table('heaviest functions (self)', byFunction);
}
