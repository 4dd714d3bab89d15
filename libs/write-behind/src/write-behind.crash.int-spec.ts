import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

import { Registry } from 'prom-client';

import { TestOrder, testOrdersTable } from '../test/fixtures';
import { createTestEnv, MYSQL, REDIS, runConcurrently, TestEnv, waitFor } from '../test/harness';
import { WriteBehindStore } from './write-behind.store';

jest.setTimeout(60_000);

type ChildMode = 'normal' | 'hang-before-commit' | 'hang-after-commit';

const LEASE_MS = 1_500;

// A worker in its own OS process (see test/worker-child.js), so SIGKILL is a real crash:
// no finally blocks, no close(), connections cut by the kernel.
function startWorkerProcess(env: TestEnv, mode: ChildMode): { child: ChildProcess; stalled: Promise<string> } {
  const child = fork(path.join(__dirname, '../test/worker-child.js'), [], {
    env: {
      ...process.env,
      WB_CHILD_CONFIG: JSON.stringify({ database: env.database, keyPrefix: env.keyPrefix, leaseMs: LEASE_MS, mode }),
    },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stalled = new Promise<string>((resolve, reject) => {
    child.on('message', (message: { type: string; phase?: string }) => {
      if (message.type === 'stalled') resolve(message.phase ?? '');
    });
    child.on('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before stalling`)));
  });
  stalled.catch(() => undefined);
  return { child, stalled };
}

async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });
}

describe('WriteBehindStore when a worker process is killed mid-flush', () => {
  let env: TestEnv;
  let writer: WriteBehindStore<TestOrder>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    env = await createTestEnv();
    // This process only accepts writes; the flushing happens in child processes.
    writer = new WriteBehindStore<TestOrder>({
      name: 'crash',
      table: testOrdersTable,
      redis: REDIS,
      mysql: { ...MYSQL, database: env.database, connectionLimit: 2 },
      keyPrefix: env.keyPrefix,
      registry: new Registry(),
    });
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => killed(child)));
    await writer.close();
    await env.dispose();
  });

  async function writeOrders(count: number): Promise<string[]> {
    const accepted = await runConcurrently(count, 50, (i) =>
      writer.write({ customerId: `c${i % 9}`, status: 'placed', totalCents: i, note: null }),
    );
    return accepted.map((a) => a.id);
  }

  it.each<[ChildMode]>([['hang-after-commit'], ['hang-before-commit']])(
    'still lands every entry exactly once when killed %s',
    async (mode) => {
      const { rows: before } = await env.counts();
      await writeOrders(3_000);

      const doomed = startWorkerProcess(env, mode);
      children.push(doomed.child);
      expect(await doomed.stalled).toBe(mode.replace('hang-', ''));
      await killed(doomed.child);

      // The killed worker's batch is still leased to it: nobody has confirmed it.
      const afterKill = await writer.stats();
      expect(afterKill.inFlight).toBeGreaterThan(0);
      const { rows: landed } = await env.counts();
      if (mode === 'hang-after-commit') expect(landed - before).toBeGreaterThan(0);
      else expect(landed).toBe(before);

      const successor = startWorkerProcess(env, 'normal');
      children.push(successor.child);
      await waitFor('the successor to drain the backlog', async () => (await writer.stats()).backlog === 0, {
        timeoutMs: 30_000,
      });
      expect(await env.counts()).toEqual({ rows: before + 3_000, distinct: before + 3_000 });
      await stopped(successor.child);
    },
  );
});
