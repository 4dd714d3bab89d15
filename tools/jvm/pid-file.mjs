// A JVM service is known by the pid file in its data folder, never by its name: several fleets
// (and several checkouts) run the same java main class on one machine.
import fs from 'node:fs';

/** The pid recorded in pidFile, or null when there is none (or it is not a pid). */
export function readPid(pidFile) {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function writePid(pidFile, pid) {
  fs.writeFileSync(pidFile, `${pid}\n`);
}

/** Whether pid names a live process (EPERM: alive, but someone else's). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Whether pid is alive and its command line holds every marker (the main class or jar, and the
 * data folder): a pid file outlives its process, and the pid may since belong to another one.
 * Without /proc (macOS) the markers cannot be read, and a live pid is trusted.
 */
export function isOurProcess(pid, markers) {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return markers.every((marker) => cmdline.includes(marker));
  } catch {
    return !fs.existsSync('/proc/self');
  }
}
