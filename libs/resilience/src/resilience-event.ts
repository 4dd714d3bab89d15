import type { CircuitState, CircuitStateChange } from './circuit-breaker.policy';
import type { DependencySettings } from './config/resilience-config';
import type { BulkheadRejectionReason, FailureKind } from './errors';
import type { HedgeResult } from './hedge.policy';
import type { Priority } from './policy';

/** Events a dependency emits; the registry re-emits them with the dependency name. */
export type ResilienceEvent =
  | ({ readonly type: 'circuit-state' } & CircuitStateChange & { readonly dependency: string })
  | {
      readonly type: 'bulkhead-rejected';
      readonly dependency: string;
      readonly reason: BulkheadRejectionReason;
      readonly priority: Priority;
      readonly active: number;
      readonly queued: number;
      readonly max: number;
    }
  | {
      readonly type: 'bulkhead-queued';
      readonly dependency: string;
      readonly priority: Priority;
      readonly waitedMs: number;
    }
  | { readonly type: 'timeout'; readonly dependency: string; readonly timeoutMs: number }
  | { readonly type: 'short-circuit'; readonly dependency: string; readonly state: CircuitState | 'isolated' }
  | { readonly type: 'retry'; readonly dependency: string; readonly attempt: number; readonly delayMs: number }
  | {
      readonly type: 'retry-budget-refused';
      readonly dependency: string;
      readonly attempt: number;
      readonly balance: number;
    }
  | {
      readonly type: 'hedge';
      readonly dependency: string;
      readonly result: HedgeResult;
      readonly attempt: number;
      readonly delayMs: number;
    }
  | { readonly type: 'fallback'; readonly dependency: string; readonly kind: FailureKind }
  | { readonly type: 'settings-updated'; readonly dependency: string; readonly settings: DependencySettings };
