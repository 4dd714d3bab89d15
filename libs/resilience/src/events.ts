/** Handle returned by every `on…` subscription; call `dispose()` to unsubscribe. */
export interface Disposable {
  dispose(): void;
}

/** A listener registration function, as exposed on policies (`policy.onStateChange(listener)`). */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * A tiny synchronous emitter. Emitting with no listeners is a single property check, so
 * policies can call `emit` on the hot path; callers that must build an event object first
 * should guard with `hasListeners` so nothing is allocated when nobody listens.
 */
export class EventEmitter<T> {
  private listeners: Array<(value: T) => void> | undefined;

  /** True when at least one listener is attached. */
  get hasListeners(): boolean {
    return this.listeners !== undefined;
  }

  /** Subscribe a listener. */
  readonly event: Event<T> = (listener) => {
    (this.listeners ??= []).push(listener);
    return {
      dispose: () => {
        if (!this.listeners) return;
        const i = this.listeners.indexOf(listener);
        if (i >= 0) this.listeners.splice(i, 1);
        if (this.listeners.length === 0) this.listeners = undefined;
      },
    };
  };

  /** Deliver a value to every listener. A throwing listener does not stop the others. */
  emit(value: T): void {
    const ls = this.listeners;
    if (ls === undefined) return;
    for (const l of ls.length === 1 ? ls : ls.slice()) {
      try {
        l(value);
      } catch {
        // A broken log statement must never break the protected call.
      }
    }
  }
}
