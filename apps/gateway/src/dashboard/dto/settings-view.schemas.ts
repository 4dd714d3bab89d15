import { int, nullable, objectSchema, oneOf, str } from '../../docs/schema';
import type { DeadlineView } from '../resilience-view';
import type { BreakerSettingsView, RateLimitView, SettingsView } from '../settings-view';

const count = (description: string) => int(description, { minimum: 0 });

export const SETTINGS_VIEW_EXAMPLE: SettingsView = {
  timeoutMs: 2000,
  breaker: {
    kind: 'time',
    rule: 'last 10 s (≥ 5 calls): 50 % failed',
    slowCalls: '80 % slower than 1 s',
    openMs: 2000,
  },
  rateLimit: null,
};

/** A dependency's settings as the dashboard shows them (from the app that owns it). */
export const SETTINGS_VIEW = nullable(
  objectSchema<SettingsView>({
    description: 'Its settings, as the app that owns it reports them; null when they could not be read',
    properties: {
      timeoutMs: nullable(int('The per-attempt budget, ms (null: no timeout layer)', { minimum: 1 })),
      breaker: nullable(
        objectSchema<BreakerSettingsView>({
          description: 'Its breaker, with the defaults the breaker fills in (null: none, or turned off)',
          properties: {
            kind: oneOf(
              ['consecutive', 'count', 'time'],
              'What it counts: failures in a row, or a window of calls or time',
            ),
            rule: str('What it judges and when it opens, in words'),
            slowCalls: nullable(str('When slow calls open it too, in words (null: not tracked)')),
            openMs: count('How long it stays open before a probe, ms'),
          },
          example: SETTINGS_VIEW_EXAMPLE.breaker!,
        }),
      ),
      rateLimit: nullable(
        objectSchema<RateLimitView>({
          description: 'Its rate limit (null: none, or turned off)',
          properties: {
            kind: oneOf(['token-bucket', 'sliding-window'], 'The limiter'),
            limit: str('The limit, in words (`bursts of 50, 25/s`, `50 per 1 s`)'),
          },
          example: { kind: 'sliding-window', limit: '50 per 1 s' },
        }),
      ),
    },
    example: SETTINGS_VIEW_EXAMPLE,
  }),
);

export const DEADLINES_VIEW = objectSchema<DeadlineView>({
  description: 'Calls that failed because the caller’s deadline had passed, since the process started',
  properties: {
    notStarted: count('Not started: the deadline had passed'),
    cutOff: count('Cut off: the deadline left less than the dependency’s own budget'),
  },
  example: { notStarted: 0, cutOff: 2 },
});
