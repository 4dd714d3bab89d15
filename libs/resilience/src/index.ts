// Public entry of @shop/resilience. Import from here only (deep imports are not part of the API).

// Core: the policy interface, composition, events, errors
export { wrap, noopPolicy, neverAbortedSignal } from './policy';
export type { Policy, ExecuteContext, CallOptions, Priority } from './policy';
export { EventEmitter } from './events';
export type { Disposable, Event } from './events';
export * from './errors';

// Policies, one file each
export { BulkheadPolicy, PRIORITIES } from './bulkhead.policy';
export type { BulkheadOptions, BulkheadRejectionEvent } from './bulkhead.policy';
export { WorkerPoolBulkheadPolicy } from './worker-pool-bulkhead.policy';
export type { WorkerPoolBulkheadOptions } from './worker-pool-bulkhead.policy';
export { TimeoutPolicy } from './timeout.policy';
export type { TimeoutOptions } from './timeout.policy';
export { CircuitBreakerPolicy, CIRCUIT_STATE_VALUE } from './circuit-breaker.policy';
export type { CircuitBreakerOptions, CircuitBreakerMode, CircuitState, CircuitStateChange } from './circuit-breaker.policy';
export { RetryPolicy, sleep } from './retry.policy';
export type { RetryOptions, RetryEvent } from './retry.policy';
export { backoffDelay } from './backoff';
export type { BackoffOptions, Jitter } from './backoff';
export { FallbackPolicy, DEFAULT_FALLBACK_KINDS } from './fallback.policy';
export type { FallbackOptions, FallbackCause, FallbackResult } from './fallback.policy';
export { RateLimitPolicy } from './rate-limit.policy';
export type { RateLimitOptions } from './rate-limit.policy';
export { isClientError } from './client-error';
export { COMPARTMENTS, COMPARTMENT_PRIORITY, COMPARTMENT_QUEUE_METRICS, COMPARTMENT_QUEUE_JOB_STATES } from './compartments';
export type { CompartmentName } from './compartments';

// Named dependencies, registry, config, metrics
export { ResilientDependency } from './resilient-dependency';
export type { ResilientCallOptions, CallResult, DependencyHooks, DependencySummary, ResilienceEvent } from './resilient-dependency';
export { ResilienceRegistry } from './resilience.registry';
export type { ResilienceRegistryOptions } from './resilience.registry';
export { loadResilienceConfig, parseResilienceConfig, applyEnvOverrides } from './config/resilience-config';
export type {
  ResilienceConfig,
  DependencySettings,
  BulkheadSettings,
  CircuitBreakerSettings,
  RetrySettings,
  RateLimitSettings,
  LoadResilienceConfigOptions,
} from './config/resilience-config';
export { CALL_OUTCOMES, METRIC_NAMES, DURATION_BUCKETS } from './metrics';
export type { CallOutcome } from './metrics';

// Nest layer (thin)
export { ResilienceModule } from './nest/resilience.module';
export type { ResilienceModuleOptions } from './nest/resilience.module';
export { ResilienceHealthIndicator } from './nest/resilience.health';
export { RESILIENCE_REGISTRY, RESILIENCE_MODULE_OPTIONS } from './nest/resilience.constants';
export { setResilienceRegistry, getResilienceRegistry } from './nest/registry-holder';
export { Bulkhead, Timeout, CircuitBreaker, Retry, RateLimit, Fallback, Resilient } from './nest/resilience.decorators';
export type { ResilientOptions, FallbackHandler, SignalParamOption } from './nest/resilience.decorators';
