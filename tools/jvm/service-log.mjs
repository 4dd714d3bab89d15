// The log file a detached JVM writes its stdout and stderr to, in its data folder.
import fs from 'node:fs';

/** Opens a fresh log for appending; the previous run's log is kept beside it as `<log>.prev`. */
export function openFreshLog(logFile) {
  if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.prev`);
  return fs.openSync(logFile, 'a');
}

/** The last lines of a log, for the error that says why a service did not start. */
export function tailOf(logFile, lines = 40) {
  try {
    return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
