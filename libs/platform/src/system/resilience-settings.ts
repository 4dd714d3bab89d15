import { Logger } from '@nestjs/common';
import { AppName, ResilienceUpdateRequest } from '@shop/contracts';
import { DependencySettings, DependencySummary, isResilienceConfigError, ResilienceRegistry } from '@shop/resilience';

import { DomainError } from '../request-reply/domain-error';

/** One dependency as the app that owns it sees it: its live figures and the settings in force. */
export type DependencyState = DependencySummary & { settings: DependencySettings };

/** The resilience settings of every dependency of one app. */
export interface ServiceResilienceSettings {
  service: AppName;
  dependencies: Record<string, DependencyState>;
}

/** What a settings change answers: the settings now in force, and the dependency's figures. */
export interface ResilienceSettingsChange {
  service: AppName;
  dependency: string;
  settings: DependencySettings;
  summary: DependencySummary;
}

const logger = new Logger('ResilienceSettings');

// Reading and changing an app's settings, written once: the backends answer the gateway's
// requests with these (resilienceSettingsController), and the gateway runs the same for its own
// dependencies, so every app's answers and errors are the same whoever owns the dependency.

/** Every dependency of `registry`, with its settings. */
export function resilienceSettingsOf(registry: ResilienceRegistry, service: AppName): ServiceResilienceSettings {
  return {
    service,
    dependencies: Object.fromEntries(
      Object.entries(registry.summary()).map(([name, summary]) => [
        name,
        { ...summary, settings: registry.get(name).settings },
      ]),
    ),
  };
}

/** The NOT_FOUND of a dependency `service` does not have, naming those it has. */
export function unknownDependency(service: AppName, dependency: string, known: readonly string[]): DomainError {
  return new DomainError(
    'NOT_FOUND',
    `${service} has no resilience dependency ${dependency} (it has: ${known.join(', ') || 'none'})`,
    'dependency',
  );
}

/**
 * Applies a settings change now, without a restart: the registry validates `patch` with the
 * schema of config/resilience.yaml and deep-merges it. An unknown dependency is NOT_FOUND; a bad
 * setting is VALIDATION naming its key path (`resilience.dependencies.<name>.<key>`) in `field`.
 */
export function changeResilienceSettings(
  registry: ResilienceRegistry,
  service: AppName,
  { dependency, patch }: ResilienceUpdateRequest,
): ResilienceSettingsChange {
  if (!registry.has(dependency)) throw unknownDependency(service, dependency, registry.names());
  let settings: DependencySettings;
  try {
    settings = registry.update(dependency, patch);
  } catch (error) {
    if (isResilienceConfigError(error)) throw new DomainError('VALIDATION', error.message, error.problems[0]?.path);
    throw error;
  }
  // An operator's change of a running app: worth a line in its log.
  logger.log({ msg: 'resilience settings changed', dependency, patch, settings });
  return { service, dependency, settings, summary: registry.get(dependency).summary() };
}
