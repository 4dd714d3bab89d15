// A JVM service's jars, pinned in its pom.xml and fetched once from Maven Central with mvn into
// the tool's lib/ folder (git-ignored). Neither Kafka nor Zipkin is an npm or Debian package.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { commandOutput } from './java.mjs';
import { isAlive } from './pid-file.mjs';

/** How often a long fetch says how far it got. */
const PROGRESS_EVERY_MS = 10_000;
/** How many lines of mvn's output an error quotes (of the last 200 kept). */
const OUTPUT_QUOTED = 25;

/** The version pinned in pom as <property> (its single source of truth). */
export function pinnedVersion({ tool, pom, property }) {
  const escaped = property.replaceAll('.', '\\.');
  const m = new RegExp(`<${escaped}>\\s*([^<\\s]+)\\s*</${escaped}>`).exec(fs.readFileSync(pom, 'utf8'));
  if (!m) throw new Error(`${tool}: no <${property}> in ${pom}`);
  return m[1];
}

/**
 * Whether libDir holds the jars of version: its marker file names that version and
 * hasJars(libDir) finds the service's own jar there.
 */
export function jarsPresent({ libDir, marker, version, hasJars }) {
  try {
    return fs.readFileSync(path.join(libDir, marker), 'utf8').trim() === version && holdsJars(libDir, hasJars);
  } catch {
    return false; // no marker: never fetched
  }
}

/** hasJars(dir), false where dir does not exist. */
function holdsJars(dir, hasJars) {
  try {
    return hasJars(dir);
  } catch {
    return false;
  }
}

/**
 * Makes sure libDir holds the jars of the pinned version; runs `mvn <goal>` on pom only when they
 * are missing or of another version. mvn copies into <toolDir>/target/lib.tmp-<pid>, which is
 * renamed to libDir when complete, so an interrupted fetch never looks done.
 * @param {{ tool: string, product: string, version: string, toolDir: string, pom: string,
 *           libDir: string, marker: string, goal: string, hasJars: (dir: string) => boolean,
 *           repoRoot: string, log: (msg: string) => void, mavenRepoLocal?: string,
 *           progress?: boolean }} opts
 *   product: what the messages call it ('Apache Kafka'); marker: the file in libDir that names the
 *   version fetched; mavenRepoLocal: passed as -Dmaven.repo.local; progress: say every 10 s how
 *   many jars are in (worth it for a fetch of many jars, not for one).
 * @returns {Promise<{ fetched: boolean, ms: number }>}
 */
export async function ensureMavenJars(opts) {
  const { tool, product, version, toolDir, pom, libDir, marker, goal, hasJars, repoRoot, log } = opts;
  if (jarsPresent({ libDir, marker, version, hasJars })) return { fetched: false, ms: 0 };
  if (commandOutput('mvn', ['-v']) == null) {
    throw new Error(
      `${tool}: the ${product} ${version} jars are missing in ${libDir} and \`mvn\` is not on PATH. ` +
        'Install Maven 3.8+ (e.g. apt-get install maven); it fetches them from Maven Central.',
    );
  }
  const t0 = Date.now();
  log(
    `fetching ${product} ${version} from Maven Central with mvn… (one-time, into ${path.relative(repoRoot, libDir)}/)`,
  );
  const tmp = freshTemporaryFolder(toolDir);
  const args = ['-B', '-ntp', '-f', pom, goal, `-DoutputDirectory=${tmp}`];
  if (opts.mavenRepoLocal) args.push(`-Dmaven.repo.local=${path.resolve(opts.mavenRepoLocal)}`);
  const onTick = opts.progress
    ? () => log(`  …still fetching (${Math.round((Date.now() - t0) / 1000)}s, ${countFiles(tmp)} jars so far)`)
    : undefined;
  const { code, output } = await runMaven(args, toolDir, onTick);
  if (code !== 0 || !holdsJars(tmp, hasJars)) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      `${tool}: mvn failed (exit ${code}) fetching ${product} ${version} from Maven Central.\n` +
        `  command: mvn ${args.join(' ')}\n  last output:\n    ${output.slice(-OUTPUT_QUOTED).join('\n    ')}`,
    );
  }
  fs.writeFileSync(path.join(tmp, marker), `${version}\n`);
  fs.rmSync(libDir, { recursive: true, force: true });
  try {
    fs.renameSync(tmp, libDir);
  } catch (e) {
    // a concurrent fetch won the race: fine if it fetched the same version
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!jarsPresent({ libDir, marker, version, hasJars })) throw e;
  }
  const jars = fs.readdirSync(libDir).filter((f) => f.endsWith('.jar')).length;
  const ms = Date.now() - t0;
  // A single jar (Zipkin's exec jar) needs no count.
  log(`fetched ${product} ${version}${jars > 1 ? ` (${jars} jars)` : ''} in ${(ms / 1000).toFixed(1)}s`);
  return { fetched: true, ms };
}

/** <toolDir>/target/lib.tmp-<our pid>, after removing the ones of fetches that died half-way. */
function freshTemporaryFolder(toolDir) {
  const targetDir = path.join(toolDir, 'target');
  fs.mkdirSync(targetDir, { recursive: true });
  for (const f of fs.readdirSync(targetDir)) {
    const m = /^lib\.tmp-(\d+)$/.exec(f);
    if (m && (Number(m[1]) === process.pid || !isAlive(Number(m[1]))))
      fs.rmSync(path.join(targetDir, f), { recursive: true, force: true });
  }
  return path.join(targetDir, `lib.tmp-${process.pid}`);
}

function countFiles(dir) {
  try {
    return fs.readdirSync(dir).length;
  } catch {
    return 0; // mvn has not created it yet
  }
}

/** Runs mvn, keeping the last 200 lines of its output for an error message. */
function runMaven(args, cwd, onTick) {
  const output = [];
  return new Promise((resolve) => {
    const child = spawn('mvn', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tick = onTick ? setInterval(onTick, PROGRESS_EVERY_MS) : undefined;
    const collect = (data) => {
      for (const line of String(data).split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 200) output.shift();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => output.push(String(e)));
    child.on('close', (code) => {
      clearInterval(tick);
      resolve({ code, output });
    });
  });
}
