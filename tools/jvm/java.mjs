// The machine's Java, checked before a JVM service is fetched or started, and the JVM options a
// service runs with (its defaults, or the whole set replaced from an environment variable).
import { spawnSync } from 'node:child_process';

/** What `cmd args` printed (stdout and stderr), or null when the command is not on PATH. */
export function commandOutput(cmd, args) {
  const run = spawnSync(cmd, args, { encoding: 'utf8' });
  return run.error ? null : `${run.stdout || ''}${run.stderr || ''}`;
}

/**
 * Throws unless `java` is on PATH and is 17 or newer (Kafka 4 and Zipkin 3 both need 17).
 * @param {{ tool: string, product: string, missingHint: string }} who
 *   tool: the prefix of the messages ('tools/kafka'); product: what needs it ('Kafka 4.4.0');
 *   missingHint: the sentence that follows "`java` not found on PATH."
 */
export function requireJava({ tool, product, missingHint }) {
  const out = commandOutput('java', ['-version']);
  if (out == null) throw new Error(`${tool}: \`java\` not found on PATH. ${missingHint}`);
  // "1.8.0_392" is Java 8, "17.0.15" is Java 17; an unreadable banner is let through.
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  const major = m ? (Number(m[1]) === 1 ? Number(m[2]) : Number(m[1])) : 17;
  if (major < 17) throw new Error(`${tool}: Java ${major} found, ${product} needs Java 17+.`);
}

/** The service's JVM options: env[variable] split on white space replaces the defaults whole. */
export function jvmOptions(variable, defaults) {
  const override = process.env[variable]?.trim();
  return override ? override.split(/\s+/) : defaults;
}
