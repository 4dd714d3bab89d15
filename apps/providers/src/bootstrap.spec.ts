import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

import { ProcessPort, runProviderProcess } from './bootstrap';
import type { LogEntry } from './http/request-log';

/** A stand-in for `process`: records exit codes and lets the test raise signals. */
function fakeProcess(env: NodeJS.ProcessEnv) {
  const listeners = new Map<string, Array<() => void>>();
  const exits: number[] = [];
  let exited: () => void = () => undefined;
  const exitedOnce = new Promise<void>((resolve) => (exited = resolve));
  const proc: ProcessPort = {
    env,
    exit: (code) => {
      exits.push(code);
      exited();
    },
    on: (signal, listener) => listeners.set(signal, [...(listeners.get(signal) ?? []), listener]),
  };
  const raise = (signal: string) => listeners.get(signal)?.forEach((listener) => listener());
  return { proc, exits, exitedOnce, raise };
}

describe('runProviderProcess', () => {
  const env = { PROVIDER_KIND: 'carrier', PORT: '0', ADMIN_API_KEY: 'k', HOST: '127.0.0.1' };

  it('exits 1 naming the bad variable when the config is invalid', async () => {
    const logs: LogEntry[] = [];
    const { proc, exits } = fakeProcess({ ...env, PORT: 'eighty' });
    expect(await runProviderProcess(proc, (entry) => logs.push(entry))).toBeUndefined();
    expect(exits).toEqual([1]);
    expect(logs[0]).toMatchObject({ level: 'error' });
    expect(logs[0].msg).toContain('PORT');
  });

  it('exits 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const logs: LogEntry[] = [];
      const { proc, exits } = fakeProcess({ ...env, PORT: String(port) });
      await runProviderProcess(proc, (entry) => logs.push(entry));
      expect(exits).toEqual([1]);
      expect(logs.at(-1)?.msg).toContain('EADDRINUSE');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('serves until SIGTERM, then closes and exits 0', async () => {
    const { proc, exits, exitedOnce, raise } = fakeProcess(env);
    const server = await runProviderProcess(proc, () => undefined);
    expect((await fetch(`${server!.url}/health`)).status).toBe(200);

    raise('SIGTERM');
    await exitedOnce;
    expect(exits).toEqual([0]);
    await expect(fetch(`${server!.url}/health`)).rejects.toThrow();
  });

  it('exits 1 at once on a second signal', async () => {
    const { proc, exits, raise } = fakeProcess(env);
    const server = await runProviderProcess(proc, () => undefined);
    raise('SIGINT');
    raise('SIGINT');
    expect(exits).toEqual([1]);
    await server!.close();
  });
});
