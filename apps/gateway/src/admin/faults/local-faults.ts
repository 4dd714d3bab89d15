import { Injectable } from '@nestjs/common';
import { FaultSettings, NO_FAULTS } from '@shop/contracts';

import { LOCAL_FAULT_DEPENDENCIES, LocalFaultDependency } from './fault-dependencies';

/** The failure an injected fault produces; a plain Error, so breakers count it as a failure. */
export class InjectedFaultError extends Error {
  override readonly name = 'InjectedFaultError';
  constructor(
    readonly dependency: string,
    readonly mode: string,
  ) {
    super(`injected fault: ${dependency} is ${mode}`);
  }
}

/**
 * Faults the gateway injects into its own calls to the database and the cache. They act on the
 * real call path, inside the resilience stack: latency really delays the call (and so can make
 * it time out), `down` fails it, `hang` waits until the call's signal aborts (its timeout), and
 * `errorRate` fails that share of calls.
 */
@Injectable()
export class LocalFaults {
  private readonly settings = new Map<LocalFaultDependency, FaultSettings>(
    LOCAL_FAULT_DEPENDENCIES.map((d) => [d, { ...NO_FAULTS }]),
  );

  current(dependency: LocalFaultDependency): FaultSettings {
    return { ...this.settings.get(dependency)! };
  }

  update(dependency: LocalFaultDependency, patch: Partial<FaultSettings>): FaultSettings {
    this.settings.set(dependency, { ...this.settings.get(dependency)!, ...patch });
    return this.current(dependency);
  }

  clear(dependency: LocalFaultDependency): FaultSettings {
    this.settings.set(dependency, { ...NO_FAULTS });
    return this.current(dependency);
  }

  /** Applies `dependency`'s fault to one call; resolves when the call may go ahead. */
  async apply(dependency: LocalFaultDependency, signal: AbortSignal): Promise<void> {
    const { mode, latencyMs, errorRate } = this.settings.get(dependency)!;
    if (mode === 'down') throw new InjectedFaultError(dependency, 'down');
    if (mode === 'hang') {
      await untilAborted(signal);
      throw new InjectedFaultError(dependency, 'hung');
    }
    if (latencyMs > 0) await untilAborted(signal, latencyMs);
    if (signal.aborted)
      throw signal.reason instanceof Error ? signal.reason : new InjectedFaultError(dependency, 'slow');
    if (errorRate > 0 && Math.random() < errorRate) throw new InjectedFaultError(dependency, 'failing (errorRate)');
  }
}

/** Resolves when `signal` aborts, or after `ms` if given. */
function untilAborted(signal: AbortSignal, ms?: number): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
