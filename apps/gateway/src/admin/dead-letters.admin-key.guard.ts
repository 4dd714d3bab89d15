import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

export const ADMIN_KEY_HEADER = 'x-admin-key';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Admin routes: `x-admin-key` must equal ADMIN_API_KEY. Missing → 401, wrong → 403. Compared as
 * digests in constant time, so response timings do not leak the key.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: ConfigService) {
    this.expected = digest(config.getOrThrow<string>('ADMIN_API_KEY'));
  }

  canActivate(context: ExecutionContext): boolean {
    const presented = context.switchToHttp().getRequest<Request>().header(ADMIN_KEY_HEADER);
    if (!presented) throw new UnauthorizedException({ error: 'UNAUTHORIZED', field: ADMIN_KEY_HEADER, message: `${ADMIN_KEY_HEADER} header is required` });
    if (!timingSafeEqual(digest(presented), this.expected)) throw new ForbiddenException({ error: 'FORBIDDEN', field: ADMIN_KEY_HEADER, message: `${ADMIN_KEY_HEADER} is not valid` });
    return true;
  }
}
