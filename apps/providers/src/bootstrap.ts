import { jsonLineLogger, Logger } from './http/request-log';
import { isProviderConfigError, loadProviderConfig } from './provider-config';
import { ProviderServer, startProviderServer } from './provider-server';

/** The parts of `process` the bootstrap uses, injectable so it can be tested in-process. */
export interface ProcessPort {
  env: NodeJS.ProcessEnv;
  exit(code: number): void;
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/**
 * Reads the environment, starts the simulator and wires graceful shutdown.
 * Invalid config or a failed listen (port in use) → one error line and exit code 1.
 * First SIGTERM/SIGINT → close gracefully, exit 0; a second signal → exit 1 at once.
 */
export async function runProviderProcess(
  proc: ProcessPort,
  log: Logger = jsonLineLogger,
): Promise<ProviderServer | undefined> {
  let server: ProviderServer;
  try {
    const config = loadProviderConfig(proc.env);
    server = await startProviderServer({ ...config, log });
  } catch (error) {
    if (isProviderConfigError(error)) {
      log({ level: 'error', msg: error.message, problems: error.problems });
    } else {
      log({ level: 'error', msg: `provider failed to start: ${(error as Error).message}` });
    }
    proc.exit(1);
    return undefined;
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log({ level: 'warn', msg: `second ${signal}, exiting without waiting` });
      proc.exit(1);
      return;
    }
    stopping = true;
    log({ level: 'info', msg: `${signal} received, shutting down` });
    server.close().then(
      () => proc.exit(0),
      () => proc.exit(1),
    );
  };
  // on(), not once(): a second signal must reach stop() rather than the default abrupt kill.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) proc.on(signal, () => stop(signal));
  return server;
}
