import { Injectable } from '@nestjs/common';
import {
  ALL_APPS,
  AppName,
  RESILIENCE_DEPENDENCIES,
  resilienceSettingsTopic,
  ResilienceUpdateRequest,
  resilienceUpdateTopic,
} from '@shop/contracts';
import {
  asResult,
  changeResilienceSettings,
  DomainError,
  httpErrorFor,
  ResilienceSettingsChange,
  resilienceSettingsOf,
  resultOf,
  ServiceResilienceSettings,
  unknownDependency,
} from '@shop/platform';
import { ResilienceRegistry, runWithDeadline } from '@shop/resilience';

import { KafkaRequestClient } from '../../kafka/kafka-request.client';

/** An app's settings, or why they could not be read. */
export type SettingsAnswer = { ok: true; settings: ServiceResilienceSettings } | { ok: false; error: string };

/**
 * The resilience settings of every app of the fleet, read and changed where they live: the
 * gateway's own in its registry, a backend's over Kafka request-reply (the owning app runs the
 * same two functions of @shop/platform and answers a result value). Both go through `resultOf`,
 * so a validation failure is a 400 naming the key path, an unknown dependency a 404, and a
 * backend that does not answer a 503 naming it, whichever app owns the dependency. The admin
 * routes and the dashboard both read through here.
 */
@Injectable()
export class FleetResilienceSettings {
  constructor(
    private readonly registry: ResilienceRegistry,
    private readonly kafka: KafkaRequestClient,
  ) {}

  /** Every dependency of `service` with its figures and the settings in force. */
  async read(service: string): Promise<ServiceResilienceSettings> {
    const app = appNamed(service);
    if (app === 'gateway')
      return resultOf(
        app,
        asResult(() => resilienceSettingsOf(this.registry, app)),
      );
    return this.kafka.ask<ServiceResilienceSettings>(app, resilienceSettingsTopic(app), {});
  }

  /** Deep-merges `patch` into the settings of `service`'s `dependency`; answers the settings now in force. */
  async change(service: string, dependency: string, patch: unknown): Promise<ResilienceSettingsChange> {
    const app = appNamed(service);
    // The message contract takes an object only: anything else would be dead-lettered as poison.
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      throw httpErrorFor({
        code: 'VALIDATION',
        message: 'the body must be a JSON object of settings, e.g. {"timeoutMs": 500}',
        field: 'body',
      });
    const request: ResilienceUpdateRequest = { dependency, patch: patch as Record<string, unknown> };
    if (app === 'gateway')
      return resultOf(
        app,
        asResult(() => changeResilienceSettings(this.registry, app, request)),
      );
    // Every app loads exactly the dependencies the contract gives it (checked at start-up), so a
    // name outside that list is answered here, without a message the owner would only refuse.
    const known = RESILIENCE_DEPENDENCIES[app] as readonly string[];
    if (!known.includes(dependency)) throw httpErrorFor(unknownDependency(app, dependency, known).toApiError());
    return this.kafka.ask<ResilienceSettingsChange>(app, resilienceUpdateTopic(app), request);
  }

  /**
   * Every app's settings, each asked under a deadline of `deadlineMs` (the request carries it, so
   * a backend that reads it too late drops it unanswered): the dashboard's view of the fleet.
   */
  readAll(deadlineMs: number): Promise<Map<AppName, SettingsAnswer>> {
    return runWithDeadline(Date.now() + deadlineMs, async () => {
      const answers = await Promise.all(
        ALL_APPS.map(async (app): Promise<[AppName, SettingsAnswer]> => {
          try {
            return [app, { ok: true, settings: await this.read(app) }];
          } catch (error) {
            return [app, { ok: false, error: error instanceof Error ? error.message : String(error) }];
          }
        }),
      );
      return new Map(answers);
    });
  }
}

/** `service` as an app of the fleet, or the 404 naming the apps there are. */
function appNamed(service: string): AppName {
  const app = ALL_APPS.find((name) => name === service);
  if (app) return app;
  throw httpErrorFor(
    new DomainError('NOT_FOUND', `no service ${service} (services: ${ALL_APPS.join(', ')})`, 'service').toApiError(),
  );
}
