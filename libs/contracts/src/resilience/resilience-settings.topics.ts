import type { BackendService } from '../services';
import { requestReplyTopics, TopicSpec } from '../topic-spec';

/**
 * Request-reply: the gateway asks a backend service for the resilience settings of its
 * dependencies (`GET /api/admin/resilience/:service`, the dashboard), and changes one
 * dependency's (`PATCH /api/admin/resilience/:service/:dependency`). Only the app that owns a
 * dependency can change it: its registry holds the policies. One partition each, like the other
 * request-reply topics.
 */
export const resilienceSettingsTopic = (service: BackendService): string => `system.resilience-settings.${service}`;
export const resilienceUpdateTopic = (service: BackendService): string => `system.resilience-update.${service}`;

export const resilienceSettingsTopics = (services: readonly BackendService[]): TopicSpec[] =>
  requestReplyTopics(
    services.flatMap((service) => [resilienceSettingsTopic(service), resilienceUpdateTopic(service)]),
    1,
  );

/**
 * A change of one dependency's settings. `patch` is checked by the owning app with the schema of
 * config/resilience.yaml and deep-merged into the settings in force; the message contract checks
 * only its envelope, so a bad setting is answered VALIDATION naming it rather than dead-lettered.
 */
export interface ResilienceUpdateRequest {
  dependency: string;
  patch: Record<string, unknown>;
}
