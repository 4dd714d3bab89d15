import { applyEnvOverrides, parseResilienceConfig, ResilienceConfig } from '@shop/resilience';

/**
 * The gateway's resilience settings (all changeable at runtime through
 * `PATCH /api/admin/resilience/:dependency`, and at start through `RESILIENCE__<DEP>__<KEY>`).
 *
 * Dependencies the gateway calls:
 * - `ml_advisor`: recommendations are optional, so a short budget and a breaker; callers fall
 *   back to an empty list.
 * - `database`: the catalogue read behind the product cache.
 * - `cache`: Redis; a cache must be faster than what it saves, so 50 ms and no breaker (a miss
 *   just goes to the database).
 * - `reports`: sales reports, asked of `orders` over Kafka; slow by nature, two at a time.
 *
 * Compartments (see compartments/): `gateway_capacity` is the share of the process all routes
 * compete for, with priority lanes (background may use at most a quarter of it); each
 * `compartment_*` bulkhead is one compartment's own budget.
 */
export const GATEWAY_RESILIENCE_DOCUMENT = {
  resilience: {
    dependencies: {
      ml_advisor: {
        timeoutMs: 300,
        bulkhead: { maxConcurrent: 64, maxQueue: 0 },
        circuitBreaker: {
          mode: 'consecutive',
          failureThreshold: 5,
          openMs: 5_000,
          halfOpenMaxProbes: 1,
          successThreshold: 1,
        },
      },
      database: {
        timeoutMs: 1_000,
        bulkhead: { maxConcurrent: 32, maxQueue: 32, maxWaitMs: 500 },
        circuitBreaker: {
          mode: 'consecutive',
          failureThreshold: 5,
          openMs: 5_000,
          halfOpenMaxProbes: 1,
          successThreshold: 1,
        },
      },
      cache: { timeoutMs: 50 },
      reports: { timeoutMs: 5_000, bulkhead: { maxConcurrent: 2, maxQueue: 4, maxWaitMs: 2_000 } },
      gateway_capacity: {
        bulkhead: { maxConcurrent: 48, maxQueue: 256, maxWaitMs: 5_000, laneShares: { high: 0.75, low: 0.25 } },
      },
      compartment_critical: { bulkhead: { maxConcurrent: 48, maxQueue: 128, maxWaitMs: 5_000 } },
      compartment_important: { bulkhead: { maxConcurrent: 24, maxQueue: 48, maxWaitMs: 1_000 } },
      compartment_background: { bulkhead: { maxConcurrent: 8, maxQueue: 8, maxWaitMs: 250 } },
    },
  },
};

/** The settings above with `RESILIENCE__…` environment overrides applied, validated. */
export function gatewayResilienceConfig(env: NodeJS.ProcessEnv = process.env): ResilienceConfig {
  const { document, origins } = applyEnvOverrides(GATEWAY_RESILIENCE_DOCUMENT, env);
  return parseResilienceConfig(document, origins);
}
