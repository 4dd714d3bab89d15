import { ResilienceRegistry } from '../resilience.registry';

let current: ResilienceRegistry | undefined;

/**
 * Make `registry` the one `@Resilient` uses. `ResilienceModule.forRoot` calls this when it
 * creates its registry; plain (non-Nest) code calls it once at start-up.
 */
export function setResilienceRegistry(registry: ResilienceRegistry | undefined): void {
  current = registry;
}

/** The registry decorators use, or undefined before one is set. */
export function getResilienceRegistry(): ResilienceRegistry | undefined {
  return current;
}
