import { FaultSettings, NO_FAULTS, seededRandom } from './fault-settings';

/** What the server must do with one business request. */
export type FaultDecision =
  { action: 'reset-connection' } | { action: 'hang' } | { action: 'answer'; latencyMs: number; injectError: boolean };

export interface FaultCounters {
  /** Answers delayed by latencyMs > 0. */
  delayed: number;
  /** 503s served because of errorRate. */
  errors: number;
  /** Connections destroyed in `down` mode. */
  resets: number;
  /** Requests left hanging in `hang` mode. */
  hangs: number;
}

/**
 * Holds the current fault settings and rolls the dice for each business request. It decides;
 * the server carries out the decision on the real socket.
 */
export class FaultInjector {
  private settings: FaultSettings = { ...NO_FAULTS };
  private random: () => number;
  private counters: FaultCounters = { delayed: 0, errors: 0, resets: 0, hangs: 0 };

  constructor(private readonly defaultRandom: () => number = Math.random) {
    this.random = defaultRandom;
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  /** Merges a validated patch; a new seed restarts the dice so the sequence is reproducible. */
  update(patch: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...patch };
    if (patch.seed !== undefined) {
      this.random = patch.seed === null ? this.defaultRandom : seededRandom(patch.seed);
    }
    return this.current();
  }

  clear(): FaultSettings {
    this.settings = { ...NO_FAULTS };
    this.random = this.defaultRandom;
    return this.current();
  }

  decide(): FaultDecision {
    const { mode, latencyMs, errorRate } = this.settings;
    if (mode === 'down') {
      this.counters.resets++;
      return { action: 'reset-connection' };
    }
    if (mode === 'hang') {
      this.counters.hangs++;
      return { action: 'hang' };
    }
    // Draw only when it matters, so a seeded sequence is not consumed by errorRate-0 traffic.
    const injectError = errorRate > 0 && this.random() < errorRate;
    if (injectError) this.counters.errors++;
    if (latencyMs > 0) this.counters.delayed++;
    return { action: 'answer', latencyMs, injectError };
  }

  faultsServed(): FaultCounters & { total: number } {
    const { delayed, errors, resets, hangs } = this.counters;
    return { ...this.counters, total: delayed + errors + resets + hangs };
  }

  resetCounters(): void {
    this.counters = { delayed: 0, errors: 0, resets: 0, hangs: 0 };
  }
}
