import type { Registry } from 'prom-client';

import {
  DependencySettings,
  isValidatedResilienceConfig,
  loadResilienceConfig,
  LoadResilienceConfigOptions,
  parseResilienceConfig,
  ResilienceConfig,
  validateDependencyUpdate,
} from './config/resilience-config';
import { deepMerge } from './config/schema';
import { EventEmitter } from './events';
import { defaultMetricsRegistry, unbindDependencyMetrics } from './metrics';
import { DependencyHooks, DependencySummary, ResilienceEvent, ResilientDependency } from './resilient-dependency';

export interface ResilienceRegistryOptions {
  /**
   * prom-client registry for the metrics; default prom-client's global `register` when
   * prom-client is installed (no metrics when it is not); `false` disables metrics.
   */
  metricsRegistry?: Registry | false;
  /** Code-level predicates per dependency name (`'*'` applies to all without their own). */
  hooks?: Record<string, DependencyHooks>;
}

/**
 * The named dependencies of a process, each with its policy stack built once from config.
 * `get(name)` is cheap (a map lookup) and returns the same {@link ResilientDependency} for the
 * life of the registry, so callers may keep it.
 */
export class ResilienceRegistry {
  private readonly dependencies = new Map<string, ResilientDependency>();
  private readonly emitter = new EventEmitter<ResilienceEvent>();
  private readonly metricsRegistry: Registry | undefined;
  private readonly defaults: DependencySettings | undefined;

  /** Circuit state changes, bulkhead rejections, retries, fallbacks and setting updates of every dependency. */
  readonly onEvent = this.emitter.event;

  constructor(
    config: ResilienceConfig | { resilience?: unknown } = { dependencies: {} },
    private readonly options: ResilienceRegistryOptions = {},
  ) {
    // A config from parseResilienceConfig is validated and has its defaults merged in already;
    // anything else is validated (and merged) here, once.
    const parsed = isValidatedResilienceConfig(config)
      ? config
      : parseResilienceConfig('dependencies' in config ? { resilience: config } : config);
    this.metricsRegistry =
      options.metricsRegistry === false ? undefined : (options.metricsRegistry ?? defaultMetricsRegistry());
    this.defaults = parsed.defaults;
    for (const [name, settings] of Object.entries(parsed.dependencies)) this.add(name, settings);
  }

  /** Load and validate YAML (+ per-environment file + env overrides) and build the registry. */
  static fromFile(options: LoadResilienceConfigOptions & ResilienceRegistryOptions = {}): ResilienceRegistry {
    return new ResilienceRegistry(loadResilienceConfig(options), options);
  }

  /** The dependency called `name`; throws when it is not configured. */
  get(name: string): ResilientDependency {
    const d = this.dependencies.get(name);
    if (!d)
      throw new Error(
        `Unknown resilience dependency "${name}" (configured: ${[...this.dependencies.keys()].join(', ') || 'none'})`,
      );
    return d;
  }

  has(name: string): boolean {
    return this.dependencies.has(name);
  }

  names(): string[] {
    return [...this.dependencies.keys()];
  }

  /** Add a dependency at runtime (settings are validated; the defaults section is merged under them). */
  define(name: string, settings: DependencySettings): ResilientDependency {
    if (this.dependencies.has(name)) throw new Error(`Resilience dependency "${name}" is already defined`);
    validateDependencyUpdate(name, settings);
    return this.add(name, deepMerge(this.defaults ?? {}, settings));
  }

  /** Build the stack of a dependency whose settings are validated and merged already. */
  private add(name: string, settings: DependencySettings): ResilientDependency {
    const hooks = this.options.hooks?.[name] ?? this.options.hooks?.['*'];
    const dep = new ResilientDependency(name, settings, hooks, this.metricsRegistry, this.emitter);
    this.dependencies.set(name, dep);
    return dep;
  }

  /**
   * Change a dependency's settings without a restart: `partial` is validated, deep-merged into
   * the current settings and applied. Running calls are unaffected; new calls use the new
   * settings; gauges (e.g. `resilience_bulkhead_max`) reflect them at the next scrape.
   */
  update(name: string, partial: DependencySettings): DependencySettings {
    validateDependencyUpdate(name, partial);
    const dep = this.get(name);
    // Also check the merged result: rules across keys (a worker pool needs a filename, a token
    // bucket a capacity) can only be judged on the whole.
    parseResilienceConfig({ resilience: { dependencies: { [name]: deepMerge(dep.settings, partial) } } });
    dep.update(partial);
    return dep.settings;
  }

  /** Per-dependency JSON: status, breaker state, bulkhead use (`2/10`), success rate, p50/p95/p99. */
  summary(): Record<string, DependencySummary> {
    const out: Record<string, DependencySummary> = {};
    for (const [name, d] of this.dependencies) out[name] = d.summary();
    return out;
  }

  /** Stop worker pools and stop exporting this registry's gauges. */
  async close(): Promise<void> {
    for (const [name, d] of this.dependencies) {
      await d.close();
      if (this.metricsRegistry) unbindDependencyMetrics(name, this.metricsRegistry);
    }
  }
}
