import { Injectable } from '@nestjs/common';
import { FaultSettings } from '@shop/contracts';
import { abortableWait, FaultSwitch } from '@shop/platform';

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
 * Faults the gateway injects into its own product reads from inventory and into its cache. They act on the
 * real call path, inside the resilience stack: latency really delays the call (and so can make
 * it time out), `down` fails it, `hang` waits until the call's signal aborts (its timeout), and
 * `errorRate` fails that share of calls.
 */
@Injectable()
export class LocalFaults {
  private readonly switches = new Map<LocalFaultDependency, FaultSwitch>(
    LOCAL_FAULT_DEPENDENCIES.map((d) => [d, new FaultSwitch()]),
  );

  current(dependency: LocalFaultDependency): FaultSettings {
    return this.switches.get(dependency)!.current();
  }

  update(dependency: LocalFaultDependency, patch: Partial<FaultSettings>): FaultSettings {
    return this.switches.get(dependency)!.update(patch);
  }

  clear(dependency: LocalFaultDependency): FaultSettings {
    return this.switches.get(dependency)!.clear();
  }

  /** Applies `dependency`'s fault to one call; resolves when the call may go ahead. */
  async apply(dependency: LocalFaultDependency, signal: AbortSignal): Promise<void> {
    const { mode, latencyMs, errorRate } = this.current(dependency);
    if (mode === 'down') throw new InjectedFaultError(dependency, 'down');
    if (mode === 'hang') {
      await abortableWait(signal);
      throw new InjectedFaultError(dependency, 'hung');
    }
    if (latencyMs > 0) await abortableWait(signal, latencyMs);
    if (signal.aborted)
      throw signal.reason instanceof Error ? signal.reason : new InjectedFaultError(dependency, 'slow');
    if (errorRate > 0 && Math.random() < errorRate) throw new InjectedFaultError(dependency, 'failing (errorRate)');
  }
}
