// Public entry of @shop/resilience: the core, with no NestJS dependency. Import from here or
// from `@shop/resilience/nest` only (deep imports are not part of the API).

// Core: the policy interface, composition, events, errors
export * from './errors';
export type { Disposable, Event } from './events';
export { EventEmitter } from './events';
export type { CallOptions, ExecuteContext, Policy, Priority } from './policy';
export { neverAbortedSignal, noopPolicy, wrap } from './policy';

// Deadline propagation
export type { ParsedTimeout } from './deadline';
export {
  currentDeadline,
  DEADLINE_HEADER,
  deadlineHeaderValue,
  deadlineHttpHeaders,
  MAX_PROPAGATED_TIMEOUT_MS,
  parseDeadlineHeader,
  parseTimeoutHeader,
  remainingMs,
  runWithDeadline,
  TIMEOUT_HEADER,
  timeoutHeaderValue,
} from './deadline';

// Policies, one file each
export type { AdaptiveBulkheadOptions } from './adaptive-bulkhead.policy';
export { AdaptiveBulkheadPolicy } from './adaptive-bulkhead.policy';
export type { AdaptiveLimitOptions, AdaptiveLimitWindow } from './adaptive-limit';
export { AdaptiveLimit } from './adaptive-limit';
export type { BackoffOptions, Jitter } from './backoff';
export { backoffDelay } from './backoff';
export type { BulkheadOptions, BulkheadQueuedEvent, BulkheadRejectionEvent } from './bulkhead.policy';
export { BulkheadPolicy, PRIORITIES } from './bulkhead.policy';
export type {
  CircuitBreakerMode,
  CircuitBreakerOptions,
  CircuitState,
  CircuitStateChange,
} from './circuit-breaker.policy';
export { CIRCUIT_BREAKER_DEFAULTS, CIRCUIT_STATE_VALUE, CircuitBreakerPolicy } from './circuit-breaker.policy';
export { isClientError } from './client-error';
export type { FallbackCause, FallbackOptions, FallbackResult } from './fallback.policy';
export { DEFAULT_FALLBACK_KINDS, FallbackPolicy } from './fallback.policy';
export type { HedgeEvent, HedgeOptions, HedgeResult } from './hedge.policy';
export { HEDGE_RESULTS, HedgePolicy } from './hedge.policy';
export { HedgeBudget } from './hedge-budget';
export type { RateLimitOptions } from './rate-limit.policy';
export { RateLimitPolicy } from './rate-limit.policy';
export type { RetryBudgetRefusedEvent, RetryEvent, RetryOptions } from './retry.policy';
export { RetryPolicy, sleep } from './retry.policy';
export type { RetryBudgetOptions } from './retry-budget';
export { RetryBudget } from './retry-budget';
export type { TimeoutOptions } from './timeout.policy';
export { TimeoutPolicy } from './timeout.policy';
export type { WorkerPoolBulkheadOptions } from './worker-pool-bulkhead.policy';
export { WorkerPoolBulkheadPolicy } from './worker-pool-bulkhead.policy';

// Named dependencies, registry, config, metrics
export type { JsonSchema } from './config/json-schema';
export { DEPENDENCY_SETTINGS_JSON_SCHEMA, toJsonSchema } from './config/json-schema';
export type {
  AdaptiveLimitSettings,
  BulkheadSettings,
  CircuitBreakerSettings,
  DependencySettings,
  HedgeSettings,
  LoadResilienceConfigOptions,
  RateLimitSettings,
  ResilienceConfig,
  RetryBudgetSettings,
  RetrySettings,
} from './config/resilience-config';
export {
  applyEnvOverrides,
  isValidatedResilienceConfig,
  loadResilienceConfig,
  parseResilienceConfig,
  readResilienceDocument,
} from './config/resilience-config';
export type { LoadServiceResilienceConfigOptions } from './config/service-config';
export { FLEET_FILE_SCHEMA, loadServiceResilienceConfig } from './config/service-config';
export type { Bulkhead } from './dependency-bulkhead';
export type { DependencyHooks } from './dependency-hooks';
export type { CallOutcome, DeadlineStage, RetryBudgetDecision } from './metrics';
export { BULKHEAD_REJECTION_REASONS, CALL_OUTCOMES, DEADLINE_STAGES, DURATION_BUCKETS, METRIC_NAMES } from './metrics';
export type { ResilienceRegistryOptions } from './resilience.registry';
export { ResilienceRegistry } from './resilience.registry';
export type { ResilienceEvent } from './resilience-event';
export type { CallResult, DependencySummary, ResilientCallOptions } from './resilient-dependency';
export { ResilientDependency } from './resilient-dependency';

// The Nest layer (module, decorators, health indicator) is the entry `@shop/resilience/nest`
// (src/nest/index.ts), so this core loads without @nestjs/*, reflect-metadata or prom-client.
