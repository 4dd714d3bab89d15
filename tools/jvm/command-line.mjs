// The command line of a JVM-service tool (`node tools/kafka/kafka.mjs start`, tools/zipkin alike):
// its entry module is both imported (by the fleet) and run as a script, and only the script runs
// the command.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs main(argv) when moduleUrl is the script node was started with, and exits with the code it
 * resolves with; an error prints its message alone (no stack: they are written for the reader)
 * and exits 1.
 * @param {string} moduleUrl the caller's import.meta.url
 * @param {(argv: string[]) => Promise<number>} main
 */
export function runWhenScript(moduleUrl, main) {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(path.resolve(process.argv[1])).href) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e.message || e);
      process.exit(1);
    },
  );
}
