// Public entry of @shop/resilience/nest: the thin Nest layer over the core (`@shop/resilience`).
// Needs @nestjs/common, @nestjs/terminus and reflect-metadata, which the core does not.
export { getResilienceRegistry, setResilienceRegistry } from './registry-holder';
export { RESILIENCE_MODULE_OPTIONS, RESILIENCE_REGISTRY } from './resilience.constants';
export type { FallbackHandler, ResilientOptions, SignalParamOption } from './resilience.decorators';
export { Bulkhead, CircuitBreaker, Fallback, RateLimit, Resilient, Retry, Timeout } from './resilience.decorators';
export type { ResilienceHealthDetails } from './resilience.health';
export { ResilienceHealthIndicator } from './resilience.health';
export type { ResilienceModuleOptions } from './resilience.module';
export { ResilienceModule } from './resilience.module';
