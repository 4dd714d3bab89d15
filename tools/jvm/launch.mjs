// Starting a JVM service detached: it outlives the command that started it (`npm start` returns,
// the fleet keeps running), its output goes to its log, and its pid to its pid file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

import { writePid } from './pid-file.mjs';
import { openFreshLog } from './service-log.mjs';

/**
 * Spawns `java ...args` in dataDir, detached, stdout and stderr to logFile (the previous one kept
 * as `.prev`), and records its pid in pidFile.
 * @param {{ tool: string, args: string[], dataDir: string, logFile: string, pidFile: string,
 *           env?: NodeJS.ProcessEnv }} opts
 * @returns {{ pid: number, exited: { code?: number | string } }} exited.code is set once the
 *   process has exited (its exit code, the signal that ended it, or why it could not spawn).
 */
export function launchJava({ tool, args, dataDir, logFile, pidFile, env = process.env }) {
  const fd = openFreshLog(logFile);
  const child = spawn('java', args, { cwd: dataDir, detached: true, stdio: ['ignore', fd, fd], env });
  fs.closeSync(fd);
  const exited = {};
  child.on('exit', (code, signal) => {
    exited.code = code ?? signal;
  });
  child.on('error', (e) => {
    exited.code = e.message;
  });
  if (!child.pid) throw new Error(`${tool}: could not spawn java`);
  writePid(pidFile, child.pid);
  child.unref();
  return { pid: child.pid, exited };
}
