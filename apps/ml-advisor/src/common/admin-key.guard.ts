import { createHash, timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';

const HEADER = 'x-admin-key';
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * The advisor's operator routes (faults, retrain) need the fleet's ADMIN_API_KEY in
 * `x-admin-key`: missing → 401, wrong → 403 (constant-time comparison of digests). Without a
 * configured key the routes are off (503) rather than open.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: string | undefined;

  constructor(config: ConfigService) {
    this.expected = config.get<string>('ADMIN_API_KEY') || undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new ServiceUnavailableException('admin routes are disabled: ADMIN_API_KEY is not set');
    const presented = context.switchToHttp().getRequest<Request>().header(HEADER);
    if (!presented) throw new UnauthorizedException(`${HEADER} header is required`);
    if (!timingSafeEqual(digest(presented), digest(this.expected)))
      throw new ForbiddenException(`${HEADER} is not valid`);
    return true;
  }
}
