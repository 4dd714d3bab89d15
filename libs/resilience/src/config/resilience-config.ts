import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

import { parse as parseYaml } from 'yaml';

import type { AdaptiveLimitOptions } from '../adaptive-limit';
import type { CircuitBreakerOptions } from '../circuit-breaker.policy';
import { ResilienceConfigError } from '../errors';
import type { HedgeOptions } from '../hedge.policy';
import { deepMerge, Problem, Schema, validate } from './schema';

/**
 * Bulkhead settings of a dependency. `semaphore` limits concurrency in-process; `adaptive` is a
 * semaphore whose limit follows the dependency's latency; `worker-pool` runs work on worker threads.
 */
export interface BulkheadSettings {
  kind?: 'semaphore' | 'adaptive' | 'worker-pool';
  enabled?: boolean;
  /** semaphore: calls at once. adaptive: the static fallback (the limit before it has measured). */
  maxConcurrent?: number;
  /** adaptive: how the limit moves (see `AdaptiveLimit`); kept but unused by the other kinds, so a runtime switch of `kind` can go back. */
  limit?: AdaptiveLimitSettings;
  /** Calls (or tasks) allowed to wait. */
  maxQueue?: number;
  /** semaphore: longest wait in the queue. */
  maxWaitMs?: number;
  /** semaphore: cap per lane as a share of `maxConcurrent`. */
  laneShares?: { high?: number; normal?: number; low?: number };
  /** worker-pool: the worker module (resolved against the working directory). */
  filename?: string;
  /** worker-pool: threads. */
  maxThreads?: number;
  /** worker-pool: heap cap per worker. */
  maxOldGenerationSizeMb?: number;
}

/**
 * The options of `AdaptiveLimit` a YAML file can hold; defaults are the class's. The floor and
 * ceiling are `min` and `max` here (`minLimit`, `maxLimit` there); `initialLimit` is the
 * bulkhead's `maxConcurrent`.
 */
export type AdaptiveLimitSettings = Pick<
  AdaptiveLimitOptions,
  'smoothing' | 'tolerance' | 'windowMs' | 'minSamples' | 'longWindows' | 'backoffRatio' | 'staleAfterMs'
> & { min?: number; max?: number };

/** The breaker's YAML settings: the policy's own options, less the ones only code can give. */
export type CircuitBreakerSettings = Omit<CircuitBreakerOptions, 'dependency' | 'isFailure' | 'isIgnored'> & {
  enabled?: boolean;
};

export interface RetrySettings {
  enabled?: boolean;
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  multiplier?: number;
  jitter?: 'none' | 'full' | 'decorrelated';
  deadlineMs?: number;
  idempotent?: boolean;
  retryNonIdempotent?: boolean;
  /** Caps retries to a share of recent calls, for all callers of the dependency together. */
  budget?: RetryBudgetSettings;
}

/** The options of `RetryBudget` (defaults ratio 0.1, 1 retry/s, 10 s); `enabled: false` turns it off. */
export interface RetryBudgetSettings {
  enabled?: boolean;
  ratio?: number;
  minRetriesPerSecond?: number;
  windowMs?: number;
}

export interface RateLimitSettings {
  enabled?: boolean;
  kind?: 'token-bucket' | 'sliding-window';
  capacity?: number;
  refillPerSecond?: number;
  limit?: number;
  windowMs?: number;
}

/**
 * Hedged requests: the options of `HedgePolicy` a YAML file can hold (defaults are the policy's);
 * only calls marked idempotent are hedged, unless `idempotent` marks them all.
 */
export type HedgeSettings = Pick<
  HedgeOptions,
  'percentile' | 'minDelayMs' | 'delayMs' | 'minSamples' | 'maxHedges' | 'maxHedgeRatio' | 'idempotent'
> & { enabled?: boolean };

/** Everything configurable about one dependency. Absent sections mean "layer off". */
export interface DependencySettings {
  /**
   * What an open breaker means for the app's readiness: `critical` (the app cannot do its job
   * without it) makes readiness fail; `degradable` (default: a fallback or a queue covers it)
   * keeps the app ready and reports it degraded.
   */
  health?: 'critical' | 'degradable';
  /** Per-attempt time budget; absent = no timeout layer. */
  timeoutMs?: number;
  bulkhead?: BulkheadSettings;
  circuitBreaker?: CircuitBreakerSettings;
  retry?: RetrySettings;
  rateLimit?: RateLimitSettings;
  hedge?: HedgeSettings;
}

/** The validated `resilience:` section. */
export interface ResilienceConfig {
  /** Merged under every dependency's own settings. */
  defaults?: DependencySettings;
  dependencies: Record<string, DependencySettings>;
}

// Every setting has an upper bound (a day, in ms or in counts): 1e308 is a typo, not a setting.
const MAX_SETTING = 86_400_000;
const num = (min = 0, integer = false, max = MAX_SETTING): Schema => ({ type: 'number', min, integer, max });
/** A duration: whole milliseconds (1.5 ms is not a timer the runtime has). */
const ms = (min = 0): Schema => num(min, true);
const bool: Schema = { type: 'boolean' };
const share: Schema = { type: 'number', min: 0, max: 1 };

/** Schema of one dependency's settings. */
export const DEPENDENCY_SCHEMA: Schema = {
  type: 'object',
  props: {
    health: { type: 'enum', values: ['critical', 'degradable'] },
    timeoutMs: ms(1),
    bulkhead: {
      type: 'object',
      props: {
        kind: { type: 'enum', values: ['semaphore', 'adaptive', 'worker-pool'] },
        enabled: bool,
        maxConcurrent: num(1, true),
        limit: {
          type: 'object',
          props: {
            min: num(1, true),
            max: num(1, true),
            smoothing: { type: 'number', min: 0.01, max: 1 },
            tolerance: { type: 'number', min: 1, max: 10 },
            windowMs: ms(1),
            minSamples: num(1, true),
            longWindows: num(1, true),
            backoffRatio: { type: 'number', min: 0.1, max: 0.99 },
            staleAfterMs: ms(1),
          },
        },
        maxQueue: num(0, true),
        maxWaitMs: ms(0),
        laneShares: { type: 'object', props: { high: share, normal: share, low: share } },
        // A worker script's path: PATH_MAX on Linux.
        filename: { type: 'string', maxLength: 4096 },
        maxThreads: num(1, true),
        maxOldGenerationSizeMb: num(1),
      },
    },
    circuitBreaker: {
      type: 'object',
      props: {
        enabled: bool,
        mode: { type: 'enum', values: ['consecutive', 'count', 'time'] },
        failureThreshold: num(1, true),
        windowSize: num(1, true),
        windowMs: ms(1),
        failureRateThreshold: { type: 'number', min: 0, max: 100 },
        slowCallDurationMs: ms(0),
        slowCallRateThreshold: { type: 'number', min: 0, max: 100 },
        minimumCalls: num(1, true),
        openMs: ms(0),
        backoffMultiplier: num(1),
        maxOpenMs: ms(0),
        halfOpenMaxProbes: num(1, true),
        successThreshold: num(1, true),
      },
    },
    retry: {
      type: 'object',
      props: {
        enabled: bool,
        maxAttempts: num(1, true),
        initialDelayMs: ms(0),
        maxDelayMs: ms(0),
        multiplier: num(1),
        jitter: { type: 'enum', values: ['none', 'full', 'decorrelated'] },
        deadlineMs: ms(0),
        idempotent: bool,
        retryNonIdempotent: bool,
        budget: {
          type: 'object',
          props: { enabled: bool, ratio: share, minRetriesPerSecond: num(0), windowMs: ms(100) },
        },
      },
    },
    rateLimit: {
      type: 'object',
      props: {
        enabled: bool,
        kind: { type: 'enum', values: ['token-bucket', 'sliding-window'] },
        capacity: num(1),
        refillPerSecond: num(0),
        limit: num(1, true),
        windowMs: ms(1),
      },
    },
    hedge: {
      type: 'object',
      props: {
        enabled: bool,
        percentile: { type: 'number', min: 1, max: 100 },
        minDelayMs: ms(0),
        delayMs: ms(0),
        minSamples: num(1, true, 256),
        // Each hedge is one more copy of the call in flight; past a few it is a load multiplier.
        maxHedges: num(0, true, 5),
        maxHedgeRatio: share,
        idempotent: bool,
      },
    },
  },
};

/** Schema of one process's section: defaults merged under each of its dependencies. */
export const SECTION_SCHEMA: Schema = {
  type: 'object',
  props: { defaults: DEPENDENCY_SCHEMA, dependencies: { type: 'map', values: DEPENDENCY_SCHEMA } },
};

/** Schema of a one-process file (`resilience: { defaults, dependencies }`). */
export const FILE_SCHEMA: Schema = { type: 'object', props: { resilience: SECTION_SCHEMA } };

/** Configs {@link parseResilienceConfig} produced: validated and merged, so never again. */
const validated = new WeakSet<ResilienceConfig>();

/** Whether `config` came out of {@link parseResilienceConfig} (validated, defaults merged in). */
export function isValidatedResilienceConfig(config: object): config is ResilienceConfig {
  return validated.has(config as ResilienceConfig);
}

/** Cross-field rules the structural schema cannot express. */
function checkDependency(path: string, d: DependencySettings, problems: Problem[]): void {
  const b = d.bulkhead;
  if (b && (b.kind ?? 'semaphore') === 'worker-pool' && b.enabled !== false && !b.filename)
    problems.push({ path: `${path}.bulkhead.filename`, message: 'required when kind is worker-pool' });
  const min = b?.limit?.min ?? 1;
  if (b?.limit?.max !== undefined && b.limit.max < min)
    problems.push({ path: `${path}.bulkhead.limit.max`, message: `must be >= limit.min (${min})` });
  const r = d.rateLimit;
  if (r && r.enabled !== false) {
    if ((r.kind ?? 'token-bucket') === 'token-bucket') {
      if (r.capacity === undefined)
        problems.push({ path: `${path}.rateLimit.capacity`, message: 'required for a token bucket' });
      if (r.refillPerSecond === undefined)
        problems.push({ path: `${path}.rateLimit.refillPerSecond`, message: 'required for a token bucket' });
    } else {
      if (r.limit === undefined)
        problems.push({ path: `${path}.rateLimit.limit`, message: 'required for a sliding window' });
      if (r.windowMs === undefined)
        problems.push({ path: `${path}.rateLimit.windowMs`, message: 'required for a sliding window' });
    }
  }
}

/** Validate a parsed document (`{ resilience: {...} }`) and return the typed config, or throw naming each bad key. */
export function parseResilienceConfig(
  document: unknown,
  origins: ReadonlyMap<string, string> = new Map(),
): ResilienceConfig {
  const problems = validate(document ?? {}, FILE_SCHEMA, '');
  const doc = (document ?? {}) as { resilience?: Partial<ResilienceConfig> };
  const defaults = doc.resilience?.defaults;
  const dependencies: Record<string, DependencySettings> = {};
  if (problems.length === 0) {
    for (const [name, settings] of Object.entries(doc.resilience?.dependencies ?? {})) {
      dependencies[name] = deepMerge(defaults ?? {}, settings ?? {});
      checkDependency(`.resilience.dependencies.${name}`, dependencies[name], problems);
    }
  }
  if (problems.length > 0) {
    throw new ResilienceConfigError(
      problems.map((p) => {
        const path = p.path.replace(/^\./, '');
        const origin = [...origins].find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
        return { path, message: origin ? `${p.message} (from ${origin[1]})` : p.message };
      }),
    );
  }
  const config: ResilienceConfig = { defaults, dependencies };
  validated.add(config);
  return config;
}

/** Validate a partial update of one dependency (as passed to `registry.update`). */
export function validateDependencyUpdate(name: string, partial: unknown): void {
  const problems = validate(partial, DEPENDENCY_SCHEMA, `resilience.dependencies.${name}`);
  if (problems.length > 0) throw new ResilienceConfigError(problems);
}

const ENV_PREFIX = 'RESILIENCE__';
const camel = (s: string): string => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function parseEnvValue(raw: string): unknown {
  const t = raw.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

/**
 * Apply `RESILIENCE__<DEPENDENCY>__<KEY>[__<KEY>…]=value` variables. The dependency part is
 * lower-cased (`PAYMENT_GATEWAY` → `payment_gateway`, `DEFAULTS` → the defaults section), keys
 * become camelCase (`MAX_CONCURRENT` → `maxConcurrent`). Values `true`/`false` and numbers are
 * typed. Returns the new document and which env variable set each path.
 */
export function applyEnvOverrides(
  document: unknown,
  env: NodeJS.ProcessEnv,
): { document: unknown; origins: Map<string, string> } {
  let doc = document ?? {};
  const origins = new Map<string, string>();
  for (const [key, raw] of Object.entries(env)) {
    if (!key.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const [dep, ...rest] = key.slice(ENV_PREFIX.length).split('__');
    if (!dep || rest.length === 0) continue;
    const keys = rest.map(camel);
    const base = dep === 'DEFAULTS' ? ['resilience', 'defaults'] : ['resilience', 'dependencies', dep.toLowerCase()];
    const path = [...base, ...keys];
    let patch: unknown = parseEnvValue(raw);
    for (let i = path.length - 1; i >= 0; i--) patch = { [path[i]]: patch };
    doc = deepMerge(doc, patch);
    origins.set(path.join('.'), key);
  }
  return { document: doc, origins };
}

export interface LoadResilienceConfigOptions {
  /** Base YAML file; default `$RESILIENCE_CONFIG` or `config/resilience.yaml`. */
  path?: string;
  /** Environment for overrides and NODE_ENV; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Selects `<base>.<nodeEnv>.yaml` next to the base file; default `env.NODE_ENV`. */
  nodeEnv?: string;
}

/**
 * Load `resilience.yaml`, deep-merge `resilience.<NODE_ENV>.yaml` when present, apply
 * `RESILIENCE__…` variables, then validate. Throws {@link ResilienceConfigError} naming each bad
 * key path, e.g. `resilience.dependencies.payment_gateway.bulkhead.maxConcurent: unknown key`.
 */
export function loadResilienceConfig(options: LoadResilienceConfigOptions = {}): ResilienceConfig {
  const env = options.env ?? process.env;
  const { document, origins } = applyEnvOverrides(readResilienceDocument(options), env);
  return parseResilienceConfig(document, origins);
}

/**
 * The YAML at `options.path` (default `$RESILIENCE_CONFIG`, else `config/resilience.yaml`) with
 * `<base>.<NODE_ENV>.yaml` deep-merged on top when that file exists; not yet validated.
 */
export function readResilienceDocument(options: LoadResilienceConfigOptions = {}): unknown {
  const env = options.env ?? process.env;
  const path = options.path ?? env.RESILIENCE_CONFIG ?? 'config/resilience.yaml';
  let doc: unknown = readYaml(path);
  const nodeEnv = options.nodeEnv ?? env.NODE_ENV;
  if (nodeEnv) {
    const ext = extname(path);
    const envPath = join(dirname(path), `${basename(path, ext)}.${nodeEnv}${ext}`);
    if (existsSync(envPath)) doc = deepMerge(doc ?? {}, readYaml(envPath));
  }
  return doc;
}

function readYaml(path: string): unknown {
  try {
    return parseYaml(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new ResilienceConfigError([{ path, message: `cannot read resilience config: ${(e as Error).message}` }]);
  }
}
