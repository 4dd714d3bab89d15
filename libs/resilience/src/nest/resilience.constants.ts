/** Injection token of the {@link ResilienceRegistry} (the class itself is also a token). */
export const RESILIENCE_REGISTRY = Symbol('RESILIENCE_REGISTRY');
/** Injection token of the options passed to `ResilienceModule.forRoot`. */
export const RESILIENCE_MODULE_OPTIONS = Symbol('RESILIENCE_MODULE_OPTIONS');
