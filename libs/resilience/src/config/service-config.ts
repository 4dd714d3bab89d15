import { isResilienceConfigError, ResilienceConfigError } from '../errors';
import {
  applyEnvOverrides,
  DEPENDENCY_SCHEMA,
  DependencySettings,
  LoadResilienceConfigOptions,
  parseResilienceConfig,
  readResilienceDocument,
  ResilienceConfig,
  SECTION_SCHEMA,
} from './resilience-config';
import { deepMerge, Problem, Schema, validate } from './schema';

/**
 * Schema of the fleet's file: one section per service, plus defaults for all of them.
 *
 * ```yaml
 * resilience:
 *   defaults: { … }              # under every dependency of every service
 *   services:
 *     payments:
 *       defaults: { … }          # under every dependency of this service
 *       dependencies:
 *         payment_provider: { … }
 * ```
 */
export const FLEET_FILE_SCHEMA: Schema = {
  type: 'object',
  props: {
    resilience: {
      type: 'object',
      props: { defaults: DEPENDENCY_SCHEMA, services: { type: 'map', values: SECTION_SCHEMA } },
    },
  },
};

interface Section {
  defaults?: DependencySettings;
  dependencies?: Record<string, DependencySettings>;
}
interface FleetDocument {
  resilience?: { defaults?: DependencySettings; services?: Record<string, Section> };
}

export interface LoadServiceResilienceConfigOptions extends LoadResilienceConfigOptions {
  /** The process whose section (`resilience.services.<service>`) to load. */
  service: string;
  /**
   * The dependencies the code of `service` calls. When given, the section must configure exactly
   * these: one the code does not know (a typo, another app's) or one missing stops start-up.
   */
  dependencies?: readonly string[];
}

const ENV_PREFIX = 'RESILIENCE__';

/**
 * Load one service's settings from the fleet file: base YAML, `<base>.<NODE_ENV>.yaml`, the
 * fleet and service defaults, then `RESILIENCE__<DEPENDENCY>__<KEY>` variables, validated and
 * merged once. Variables naming a dependency another service's section configures are left to
 * that service (compose and k8s give every app the same environment). Every problem is named by
 * its key path in the file, e.g. `resilience.services.payments.dependencies.payment_provider.timeoutMs`,
 * with `(from RESILIENCE_…)` when a variable set it.
 */
export function loadServiceResilienceConfig(options: LoadServiceResilienceConfigOptions): ResilienceConfig {
  const { service } = options;
  const env = options.env ?? process.env;
  const raw = readResilienceDocument(options) ?? {};
  const fileProblems = validate(raw, FLEET_FILE_SCHEMA, '');
  if (fileProblems.length > 0) throw configError(fileProblems);

  const fleet = (raw as FleetDocument).resilience ?? {};
  const section = fleet.services?.[service] ?? {};
  const own = new Set(Object.keys(section.dependencies ?? {}));
  const othersOwn = new Set(
    Object.entries(fleet.services ?? {})
      .filter(([name]) => name !== service)
      .flatMap(([, s]) => Object.keys(s.dependencies ?? {}))
      .filter((d) => !own.has(d)),
  );
  const ownEnv = Object.fromEntries(
    Object.entries(env).filter(([key]) => {
      if (!key.startsWith(ENV_PREFIX)) return false;
      const dependency = key.slice(ENV_PREFIX.length).split('__')[0].toLowerCase();
      return !othersOwn.has(dependency);
    }),
  );

  const prefix = `resilience.services.${service}`;
  const sectionDocument = {
    resilience: {
      defaults: deepMerge(fleet.defaults ?? {}, section.defaults ?? {}),
      dependencies: section.dependencies ?? {},
    },
  };
  const { document, origins } = applyEnvOverrides(sectionDocument, ownEnv);
  let config: ResilienceConfig;
  try {
    config = parseResilienceConfig(document, origins);
  } catch (e) {
    if (!isResilienceConfigError(e)) throw e;
    throw configError(e.problems.map((p) => ({ ...p, path: p.path.replace(/^resilience/, prefix) })));
  }

  if (options.dependencies) {
    const expected = new Set(options.dependencies);
    const problems: Problem[] = [];
    for (const name of Object.keys(config.dependencies)) {
      if (expected.has(name)) continue;
      const origin = [...origins].find(([path]) => path.startsWith(`resilience.dependencies.${name}.`))?.[1];
      problems.push({
        path: `${prefix}.dependencies.${name}`,
        message:
          `unknown dependency: ${service} calls ${[...expected].join(', ') || 'none'}` +
          (origin ? ` (from ${origin})` : ''),
      });
    }
    for (const name of expected)
      if (!Object.hasOwn(config.dependencies, name))
        problems.push({ path: `${prefix}.dependencies.${name}`, message: `missing: ${service} calls it` });
    if (problems.length > 0) throw configError(problems);
  }
  return config;
}

function configError(problems: readonly Problem[]): ResilienceConfigError {
  return new ResilienceConfigError(problems.map((p) => ({ ...p, path: p.path.replace(/^\./, '') })));
}
