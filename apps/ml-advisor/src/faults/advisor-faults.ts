import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { FaultSettings } from '@shop/contracts';
import { abortableWait, FaultSwitch } from '@shop/platform';

/**
 * Faults the advisor injects into its recommendation answers, set by operators through
 * `/admin/faults` (the gateway forwards its `ml_advisor` fault routes here). Effects are real:
 * latency delays the answer, `down` fails it at once, `hang` holds it until the caller goes away
 * or the fault is cleared, `errorRate` fails that share of calls with a 503.
 */
@Injectable()
export class AdvisorFaults {
  private readonly logger = new Logger(AdvisorFaults.name);
  /** Its `changed` signal wakes hung requests whenever the settings change, so they re-check. */
  private readonly faults = new FaultSwitch();

  current(): FaultSettings {
    return this.faults.current();
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    return this.faults.update(patch);
  }

  clear(): FaultSettings {
    return this.faults.clear();
  }

  /** Applies the current fault to one call; resolves when the call may go ahead. */
  async apply(signal: AbortSignal): Promise<void> {
    // Logged with the caller's correlation id, so an injected failure is easy to find in the logs
    // (not for `hang`: a drill hangs hundreds of calls a second, and each ends unanswered anyway).
    const settings = this.faults.current();
    if (settings.mode === 'down' || settings.latencyMs > 0 || settings.errorRate > 0)
      this.logger.warn({ msg: 'injecting fault', ...settings });
    for (;;) {
      const { mode, latencyMs, errorRate } = this.faults.current();
      if (mode === 'down') throw new ServiceUnavailableException('injected fault: ml_advisor is down');
      if (mode === 'hang') {
        await abortableWait([signal, this.faults.changed]);
        if (signal.aborted) throw new ServiceUnavailableException('caller gave up while the advisor hung');
        continue; // settings changed: apply the new ones
      }
      if (latencyMs > 0) await abortableWait([signal, this.faults.changed], latencyMs);
      if (signal.aborted) throw new ServiceUnavailableException('caller gave up');
      if (errorRate > 0 && Math.random() < errorRate)
        throw new ServiceUnavailableException('injected fault: errorRate');
      return;
    }
  }
}
