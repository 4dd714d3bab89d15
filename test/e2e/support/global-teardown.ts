import { fleetCli } from './fleet';

/** Stops everything the e2e setup started, by the pids it recorded. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_KEEP_FLEET === '1') return;
  await fleetCli('stop');
}
