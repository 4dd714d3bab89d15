import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** A process whose CPU the bench accounts for: a fleet app, the broker, MariaDB, Redis, the bench. */
export interface WatchedProcess {
  name: string;
  pid: number;
}

/** User + system CPU of `pid` so far, in ms (undefined once the process is gone). */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: the fields after it start past its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The machine's busy and total CPU time so far (all cores), in ms, from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const ticks = cpu.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3] + (ticks[4] ?? 0);
  return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
}

const readPid = (file: string): number | undefined => {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 && cpuMsOf(pid) !== undefined ? pid : undefined;
};

/** The first process whose command name is `comm` (read-only: the bench never signals it). */
function pidByCommand(comm: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * The fleet's processes of `profile` (pid files in .run/<profile>/pids), its Kafka broker
 * (.data/kafka-<profile>/kafka.pid), its Zipkin (.data/zipkin-<profile>/zipkin.pid), the
 * machine's MariaDB (shared with anything else using it) and this bench process.
 */
export function watchedProcesses(root: string, profile: string): WatchedProcess[] {
  const pidDir = join(root, '.run', profile, 'pids');
  const watched: WatchedProcess[] = [];
  for (const file of existsSync(pidDir) ? readdirSync(pidDir).sort() : []) {
    const pid = readPid(join(pidDir, file));
    if (pid) watched.push({ name: file.replace(/\.pid$/, ''), pid });
  }
  const broker = readPid(join(root, '.data', `kafka-${profile}`, 'kafka.pid'));
  if (broker) watched.push({ name: 'kafka', pid: broker });
  // The trace collector takes every span the fleet exports: part of what tracing an order costs.
  const zipkin = readPid(join(root, '.data', `zipkin-${profile}`, 'zipkin.pid'));
  if (zipkin) watched.push({ name: 'zipkin', pid: zipkin });
  const mariadb = pidByCommand('mariadbd') ?? pidByCommand('mysqld');
  if (mariadb) watched.push({ name: 'mariadb', pid: mariadb });
  watched.push({ name: 'bench', pid: process.pid });
  return watched;
}

/** CPU ms of each watched process so far, by name. */
export function snapshotCpu(processes: readonly WatchedProcess[]): Map<string, number> {
  return new Map(processes.map((p) => [p.name, cpuMsOf(p.pid) ?? 0]));
}

/** CPU ms each process spent between two snapshots. */
export function cpuDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}
