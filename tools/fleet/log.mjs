// Progress lines for the fleet scripts: what is happening, and for how long we have waited.
const started = Date.now();
const stamp = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;

export const log = {
  step: (message) => console.log(`[fleet ${stamp()}] ${message}`),
  warn: (message) => console.warn(`[fleet ${stamp()}] warning: ${message}`),
};

/** An error the user can act on: printed without a stack trace. */
export class FleetError extends Error {}
