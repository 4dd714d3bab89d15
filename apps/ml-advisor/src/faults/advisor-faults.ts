import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { FaultSettings, NO_FAULTS } from '@shop/contracts';

/**
 * Faults the advisor injects into its recommendation answers, set by operators through
 * `/admin/faults` (the gateway forwards its `ml_advisor` fault routes here). Effects are real:
 * latency delays the answer, `down` fails it at once, `hang` holds it until the caller goes away
 * or the fault is cleared, `errorRate` fails that share of calls with a 503.
 */
@Injectable()
export class AdvisorFaults {
  private readonly logger = new Logger(AdvisorFaults.name);
  private settings: FaultSettings = { ...NO_FAULTS };
  /** Woken whenever the settings change, so hung requests re-check. */
  private changed = new AbortController();

  current(): FaultSettings {
    return { ...this.settings };
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...patch };
    this.notify();
    return this.current();
  }

  clear(): FaultSettings {
    return this.update({ ...NO_FAULTS });
  }

  /** Applies the current fault to one call; resolves when the call may go ahead. */
  async apply(signal: AbortSignal): Promise<void> {
    // Logged with the caller's correlation id, so an injected failure is easy to find in the logs
    // (not for `hang`: a drill hangs hundreds of calls a second, and each ends unanswered anyway).
    if (this.settings.mode === 'down' || this.settings.latencyMs > 0 || this.settings.errorRate > 0)
      this.logger.warn({ msg: 'injecting fault', ...this.settings });
    for (;;) {
      const { mode, latencyMs, errorRate } = this.settings;
      if (mode === 'down') throw new ServiceUnavailableException('injected fault: ml_advisor is down');
      if (mode === 'hang') {
        await waitFor([signal, this.changed.signal]);
        if (signal.aborted) throw new ServiceUnavailableException('caller gave up while the advisor hung');
        continue; // settings changed: apply the new ones
      }
      if (latencyMs > 0) await waitFor([signal, this.changed.signal], latencyMs);
      if (signal.aborted) throw new ServiceUnavailableException('caller gave up');
      if (errorRate > 0 && Math.random() < errorRate)
        throw new ServiceUnavailableException('injected fault: errorRate');
      return;
    }
  }

  private notify(): void {
    const previous = this.changed;
    this.changed = new AbortController();
    previous.abort();
  }
}

/** Resolves when any signal aborts, or after `ms` if given. */
function waitFor(signals: AbortSignal[], ms?: number): Promise<void> {
  const any = AbortSignal.any(signals);
  if (any.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      any.removeEventListener('abort', done);
      resolve();
    }
    any.addEventListener('abort', done, { once: true });
  });
}
