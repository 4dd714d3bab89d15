import { FaultSettings, NO_FAULTS } from '@shop/contracts';

/**
 * The fault settings of one injected dependency, as operators set them through `/admin/faults`,
 * with a signal that aborts whenever they change (so a call held by a fault can re-check).
 * What a fault does to a call is the caller's: see {@link abortableWait} for the waiting part.
 */
export class FaultSwitch {
  private settings: FaultSettings = { ...NO_FAULTS };
  private changes = new AbortController();

  current(): FaultSettings {
    return { ...this.settings };
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...patch };
    const previous = this.changes;
    this.changes = new AbortController();
    previous.abort();
    return this.current();
  }

  clear(): FaultSettings {
    return this.update({ ...NO_FAULTS });
  }

  /** Aborts at the next change of the settings. */
  get changed(): AbortSignal {
    return this.changes.signal;
  }
}

/**
 * Waits until any of `signals` aborts, or `ms` has passed when given. Resolves true when the time
 * elapsed, false when a signal aborted; either way nothing stays scheduled or listening.
 */
export function abortableWait(signals: AbortSignal | AbortSignal[], ms?: number): Promise<boolean> {
  const any = Array.isArray(signals) ? AbortSignal.any(signals) : signals;
  if (any.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(() => done(true), ms);
    const onAbort = () => done(false);
    function done(elapsed: boolean) {
      clearTimeout(timer);
      any.removeEventListener('abort', onAbort);
      resolve(elapsed);
    }
    any.addEventListener('abort', onAbort, { once: true });
  });
}
