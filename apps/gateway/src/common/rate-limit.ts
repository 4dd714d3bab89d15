import { ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';

import { ADMIN_KEY_HEADER, isAdminKey } from './admin-key.guard';
import { GatewaySettings } from './gateway-settings';

const UNTHROTTLED = /^\/(health|metrics)(\/|$)/;

/**
 * Per-client rate limit: THROTTLE_LIMIT requests per THROTTLE_TTL_MS window per client IP and
 * route (default 1000 per second: generous, because the fleet's own load tests all come from one
 * IP; expensive routes set tighter limits with @Throttle), answered 429 with Retry-After beyond
 * it. Probes and metrics are never limited (an orchestrator must always see us), nor are
 * requests carrying the operator key (fault injection and load tools during an incident).
 */
export function rateLimitOptions(config: ConfigService, settings: GatewaySettings): ThrottlerModuleOptions {
  const adminKey = config.getOrThrow<string>('ADMIN_API_KEY');
  return {
    throttlers: [{ name: 'default', limit: settings.THROTTLE_LIMIT, ttl: settings.THROTTLE_TTL_MS }],
    skipIf: (context: ExecutionContext) => {
      if (context.getType() !== 'http') return true;
      const req = context.switchToHttp().getRequest<Request>();
      return UNTHROTTLED.test(req.path) || isAdminKey(req.header(ADMIN_KEY_HEADER), adminKey);
    },
  };
}
