import { BACKEND_SERVICES } from '@shop/contracts';

import { arrayOf, dateTime, int, mapOf, namedObject, num, objectSchema, oneOf, str } from '../../docs/schema';
import type { ServiceStatusEntry, SystemStatus } from '../system-status.service';

const STATES = ['up', 'degraded', 'down'] as const;

const SERVICE = objectSchema<ServiceStatusEntry>({
  description: 'One backend service, from its own readiness checks',
  properties: {
    name: oneOf(BACKEND_SERVICES, 'The service'),
    status: oneOf(STATES, 'down: not ready or no answer; degraded: ready, a degradable dependency failing'),
    version: str('Its version, when it answered'),
    roundTripMs: num('How long the question took, ms', { minimum: 0 }),
    reason: str('Why not up: its failing checks, or why it did not answer'),
    checks: mapOf(oneOf(STATES, 'A check’s state'), 'Its readiness checks as it reported them'),
  },
  optional: ['version', 'reason', 'checks'],
  example: {
    name: 'inventory',
    status: 'degraded',
    version: '0.1.0',
    roundTripMs: 12,
    reason: 'mysql: down',
    checks: { mysql: 'down', kafka: 'up' },
  },
});

export const SYSTEM_STATUS_SCHEMA = namedObject<SystemStatus>('SystemStatus', {
  description: 'Every backend service’s status, asked over Kafka within the deadline',
  properties: {
    status: oneOf(['up', 'degraded'], 'up when every service is up'),
    checkedAt: dateTime('When the services were asked'),
    deadlineMs: int('The longest any service was waited for', { minimum: 0 }),
    services: arrayOf(SERVICE, 'One entry per backend service'),
  },
  example: {
    status: 'degraded',
    checkedAt: '2026-11-25T09:00:00.000Z',
    deadlineMs: 1500,
    services: [
      {
        name: 'inventory',
        status: 'degraded',
        version: '0.1.0',
        roundTripMs: 12,
        reason: 'mysql: down',
        checks: { mysql: 'down', kafka: 'up' },
      },
    ],
  },
});
