import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Admin, AssignerProtocol, GroupDescription } from 'kafkajs';
import type { Connection, RowDataPacket } from 'mysql2/promise';

import { FINAL_SAGA_STATUSES } from '../../libs/contracts/src/saga/saga.messages';
import { SAGA_PARTITIONS } from '../../libs/contracts/src/saga/saga.topics';
import type { WatchedProcess } from './process-cpu';

/** The saga participants the bench runs more of: the saga's driver and a participant. */
export const REPLICATED = ['orders', 'inventory'] as const;
/** Replica i of a service listens on the fleet process's port + (i - 1) × this. */
const PORT_STEP = 50;
const READY_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 20_000;

export interface ReplicaFleet {
  processes: { name: string; port: number; script?: string; env?: Record<string, string> }[];
}

/** One process of a replicated service: the fleet's own (`orders`) or one the bench started (`orders#2`). */
interface Instance {
  name: string;
  service: string;
  port: number;
  child?: ChildProcess;
  log?: string;
}

/** Which partitions of which topic each member of a group holds, members named by instance. */
type Assignments = Map<string, { state: string; byInstance: Map<string, Record<string, number[]>> }>;

/** What the fleet's consumers of the replicated services looked like at one moment. */
export interface ReplicaMark {
  assignments: Assignments;
  consumed: Map<string, Map<string, number>>;
}

const serviceOfGroup = (groupId: string): string | undefined =>
  REPLICATED.find((s) => groupId === s || groupId.startsWith(`${s}-`));
/** Signals a process the bench started, by pid; one that has exited meanwhile is left be. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
const partitionList = (partitions: number[]): string => [...partitions].sort((a, b) => a - b).join(', ');
const FINAL = new Set<string>(FINAL_SAGA_STATUSES);
const nextPoll = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Second (and third) processes of `orders` and `inventory` beside a running fleet, started the way
 * the fleet CLI starts the first (script and environment from `.run/<profile>/fleet.json`, port +50,
 * log in `.run/<profile>/logs/<service>-replica.log`), and stopped by their pids. Members of a
 * consumer group are told apart by when they joined: those present before a replica started are
 * the older processes' (kafkajs keeps its member id across rebalances), the new one is the replica's.
 */
export class Replicas {
  private readonly instances: Instance[];
  /** Group member id → instance name. */
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly profile: string,
    private readonly fleet: ReplicaFleet,
    private readonly admin: Admin,
  ) {
    this.instances = REPLICATED.map((service) => ({ name: service, service, port: this.fleetProcess(service).port }));
  }

  /** Starts replicas 2..`count` of each replicated service; returns once each is ready and its groups are stable. */
  async start(count: number): Promise<void> {
    if (!Number.isInteger(count) || count < 2 || count > SAGA_PARTITIONS)
      throw new Error(`BENCH_REPLICAS must be 1 to ${SAGA_PARTITIONS} (the saga topics' partitions), not ${count}`);
    for (const group of await this.groups()) for (const m of group.members) this.owners.set(m.memberId, group.service);
    for (let i = 2; i <= count; i++) {
      const started = REPLICATED.map((service) => this.spawn(service, i));
      this.instances.push(...started);
      await Promise.all(started.map((replica) => this.untilReady(replica)));
      await this.nameNewMembers(i);
      console.log(`started ${started.map((r) => `${r.name} (pid ${r.child!.pid}, :${r.port})`).join(', ')}`);
    }
  }

  /** Adds the started replicas to the processes whose CPU the bench reads, each after its service's. */
  watch(processes: WatchedProcess[]): void {
    for (const replica of this.instances.filter((r) => r.child).reverse()) {
      const at = processes.findIndex((p) => p.name === replica.service);
      processes.splice(at < 0 ? processes.length : at + 1, 0, { name: replica.name, pid: replica.child!.pid! });
    }
  }

  async mark(): Promise<ReplicaMark> {
    const assignments: Assignments = new Map();
    for (const group of await this.groups()) {
      const byInstance = new Map<string, Record<string, number[]>>();
      for (const member of group.members) {
        const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        const name = this.owners.get(member.memberId) ?? `unknown member ${member.memberId.slice(-8)}`;
        byInstance.set(name, decoded?.assignment ?? {});
      }
      assignments.set(group.groupId, { state: group.state, byInstance });
    }
    const consumed = new Map<string, Map<string, number>>();
    for (const instance of this.instances) consumed.set(instance.name, await consumedByTopic(instance.port));
    return { assignments, consumed };
  }

  /**
   * Prints, per consumer group, which partitions each replica holds and how many messages of each
   * topic it consumed since `since`; returns the problems (a replica without saga partitions or
   * without work, a rebalance meanwhile).
   */
  report(since: ReplicaMark, now: ReplicaMark): string[] {
    const problems: string[] = [];
    for (const [groupId, group] of now.assignments) {
      const before = since.assignments.get(groupId);
      if (JSON.stringify([...(before?.byInstance ?? [])]) !== JSON.stringify([...group.byInstance]))
        problems.push(`group ${groupId} changed its members or assignment during the levels (a rebalance)`);
      const names = [...group.byInstance.keys()].sort();
      const topics = [...new Set([...group.byInstance.values()].flatMap((a) => Object.keys(a)))];
      topics.sort((a, b) => Number(!a.startsWith('saga.')) - Number(!b.startsWith('saga.')) || a.localeCompare(b));
      const rows = topics.map((topic) => {
        const row: Record<string, string | number> = { topic };
        for (const name of names) {
          const held = group.byInstance.get(name)![topic] ?? [];
          const consumed = (now.consumed.get(name)?.get(topic) ?? 0) - (since.consumed.get(name)?.get(topic) ?? 0);
          row[`${name} partitions`] = held.length ? partitionList(held) : '-';
          row[`${name} consumed`] = consumed;
          if (!held.length && consumed > 0)
            problems.push(`${name} consumed ${consumed} of ${topic} but holds none of its partitions now`);
        }
        return row;
      });
      console.log(
        `\nconsumer group ${groupId} (${group.state}, ${names.length} members): partitions held, messages consumed over the levels`,
      );
      console.table(rows);
    }
    for (const instance of this.instances) {
      const held = [...now.assignments.values()].flatMap((g) => Object.entries(g.byInstance.get(instance.name) ?? {}));
      const saga = held
        .filter(([t, p]) => t.startsWith('saga.') && p.length > 0)
        .sort(([a], [b]) => a.localeCompare(b));
      const work = [...(now.consumed.get(instance.name) ?? [])]
        .filter(([t]) => t.startsWith('saga.'))
        .reduce((sum, [t, n]) => sum + n - (since.consumed.get(instance.name)?.get(t) ?? 0), 0);
      const partitions = saga.map(([t, p]) => `${t} [${partitionList(p)}]`).join(', ') || 'none';
      console.log(`${instance.name}: saga partitions ${partitions}; ${work} saga messages consumed over the levels`);
      if (saga.length === 0) problems.push(`${instance.name} holds no partition of a saga topic`);
      if (work === 0) problems.push(`${instance.name} consumed no saga message over the levels`);
    }
    return problems;
  }

  /** On SIGINT or SIGTERM, stops the replicas before the bench exits. */
  stopOnSignal(): void {
    for (const [name, code] of [['SIGINT', 130] as const, ['SIGTERM', 143] as const])
      process.once(name, () => void this.stop().finally(() => process.exit(code)));
  }

  /** SIGTERM to each replica the bench started, by its pid; waits for it to exit (SIGKILL after 20 s). */
  async stop(): Promise<void> {
    const running = this.instances.filter((i) => i.child && i.child.exitCode === null && i.child.signalCode === null);
    await Promise.all(
      running.map(async ({ child }) => {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        signal(child!.pid!, 'SIGTERM');
        const timer = setTimeout(() => signal(child!.pid!, 'SIGKILL'), STOP_DEADLINE_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
    if (running.length) console.log(`stopped ${running.map((i) => `${i.name} (pid ${i.child!.pid})`).join(', ')}`);
  }

  private fleetProcess(service: string) {
    const found = this.fleet.processes.find((p) => p.name === service);
    if (!found?.script) throw new Error(`no ${service} with a script in the ${this.profile} fleet's fleet.json`);
    return found;
  }

  private spawn(service: string, i: number): Instance {
    const proc = this.fleetProcess(service);
    const port = proc.port + PORT_STEP * (i - 1);
    const log = join(this.root, '.run', this.profile, 'logs', `${service}-replica${i === 2 ? '' : `-${i}`}.log`);
    const out = openSync(log, 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', '-r', 'tsconfig-paths/register', proc.script!], {
      cwd: this.root,
      env: {
        ...process.env,
        ...proc.env,
        PORT: String(port),
        TS_NODE_BASEURL: './dist',
        TS_NODE_PROJECT: 'tsconfig.base.json',
      },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    return { name: `${service}#${i}`, service, port, child, log };
  }

  /** Polls the replica's `/health/ready` (200 once its consumers joined their groups); fails if it exits. */
  private async untilReady(replica: Instance): Promise<void> {
    const deadline = Date.now() + READY_DEADLINE_MS;
    const failed = (why: string) =>
      new Error(
        `${replica.name} ${why}; the end of ${replica.log}:\n${readFileSync(replica.log!, 'utf8').trimEnd().split('\n').slice(-10).join('\n')}`,
      );
    for (;;) {
      if (replica.child!.exitCode !== null) throw failed(`exited with code ${replica.child!.exitCode}`);
      const answer = await fetch(`http://127.0.0.1:${replica.port}/health/ready`, {
        signal: AbortSignal.timeout(2000),
      }).catch(() => undefined);
      if (answer?.status === 200) return;
      if (Date.now() > deadline) throw failed(`not ready within ${READY_DEADLINE_MS / 1000}s`);
      await nextPoll(250);
    }
  }

  /** Waits until each group of the replicated services has `count` members and is stable; names the newcomers. */
  private async nameNewMembers(count: number): Promise<void> {
    const deadline = Date.now() + READY_DEADLINE_MS;
    for (;;) {
      const groups = await this.groups();
      if (groups.every((g) => g.state === 'Stable' && g.members.length === count)) {
        for (const group of groups) {
          const fresh = group.members.filter((m) => !this.owners.has(m.memberId));
          fresh.forEach((m, k) =>
            this.owners.set(
              m.memberId,
              fresh.length === 1 ? `${group.service}#${count}` : `${group.service}#${count}?${k}`,
            ),
          );
        }
        return;
      }
      if (Date.now() > deadline) throw new Error(`consumer groups not stable with ${count} members each`);
      await nextPoll(250);
    }
  }

  /** The consumer groups of the replicated services (a group per service and per dedicated consumer). */
  private async groups(): Promise<(GroupDescription & { service: string })[]> {
    const { groups } = await this.admin.listGroups();
    const ids = groups.filter((g) => g.protocolType === 'consumer' && serviceOfGroup(g.groupId)).map((g) => g.groupId);
    if (ids.length === 0) return [];
    const described = (await this.admin.describeGroups(ids)).groups;
    // A service's consumers use their group's name as client id: other clients' members are left out.
    return described
      .map((g) => ({
        ...g,
        service: serviceOfGroup(g.groupId)!,
        members: g.members.filter((m) => m.clientId === g.groupId),
      }))
      .filter((g) => g.members.length > 0);
  }
}

/** `kafka_messages_total{direction="consumed",outcome="success"}` of one process, by topic. */
async function consumedByTopic(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const counts = new Map<string, number>();
  for (const [, labelText, value] of text.matchAll(/^kafka_messages_total\{([^}]*)\} (\S+)$/gm)) {
    const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    if (labels.direction === 'consumed' && labels.outcome === 'success')
      counts.set(labels.topic, (counts.get(labels.topic) ?? 0) + Number(value));
  }
  return counts;
}

/** One order the bench tried to place: its Idempotency-Key, and its id if the POST answered 202. */
export interface PlacedOrder {
  key: string;
  orderId?: string;
}

/**
 * Whether every order placed reached a final saga state, from the orders database: an order
 * whose POST was refused (a 503 while a group rebalanced) is looked up by its Idempotency-Key,
 * since it may have been placed all the same. Waits up to `timeoutMs` for sagas still running.
 */
export async function lossCheck(db: Connection, schema: string, orders: readonly PlacedOrder[], timeoutMs: number) {
  const refused = orders.filter((o) => !o.orderId).map((o) => o.key);
  const ids = orders.flatMap((o) => (o.orderId ? [o.orderId] : []));
  if (refused.length) {
    const [rows] = await db.query<RowDataPacket[]>(`SELECT id FROM \`${schema}\`.orders WHERE idempotency_key IN (?)`, [
      refused,
    ]);
    ids.push(...rows.map((r) => String(r.id)));
  }
  const status = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (let i = 0; i < ids.length; i += 1000) {
      const [rows] = await db.query<RowDataPacket[]>(
        `SELECT order_id, status FROM \`${schema}\`.sagas WHERE order_id IN (?)`,
        [ids.slice(i, i + 1000)],
      );
      for (const r of rows) status.set(String(r.order_id), String(r.status));
    }
    const open = ids.filter((id) => !FINAL.has(status.get(id) ?? ''));
    if (open.length === 0 || Date.now() > deadline) {
      const byStatus = new Map<string, number>();
      for (const state of ids.map((id) => status.get(id) ?? 'MISSING'))
        byStatus.set(state, (byStatus.get(state) ?? 0) + 1);
      return {
        tried: orders.length,
        placed: ids.length,
        final: ids.length - open.length,
        lost: open,
        byStatus,
        refused,
      };
    }
    await nextPoll(500);
  }
}

export type LossCheck = Awaited<ReturnType<typeof lossCheck>>;

/** `replicas: 400 orders placed, 400 final, 0 lost`, with the final states and the refused POSTs. */
export function printLossCheck(check: LossCheck): void {
  console.log(`\nreplicas: ${check.placed} orders placed, ${check.final} final, ${check.lost.length} lost`);
  const states = [...check.byStatus].map(([s, n]) => `${s} ${n}`).join(', ');
  const refusedButPlaced = check.placed - (check.tried - check.refused.length);
  console.log(
    `  sagas in the orders database: ${states}; ${check.refused.length} of ${check.tried} POSTs refused` +
      (check.refused.length ? ` (${refusedButPlaced} of them placed all the same, counted above)` : ''),
  );
  if (check.lost.length) console.log(`  not final: ${check.lost.slice(0, 10).join(', ')}`);
}
