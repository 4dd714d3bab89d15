import { fleetCli } from './fleet';

/** Starts the e2e fleet (own ports, broker and databases) unless it already runs. */
export default function globalSetup(): Promise<void> {
  return fleetCli('start', { build: true });
}
