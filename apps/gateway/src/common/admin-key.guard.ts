import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';

export const ADMIN_KEY_HEADER = 'x-admin-key';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

// The expected key's digest, computed once per key rather than on every request.
const expectedDigests = new Map<string, Buffer>();

/** True when `presented` is the admin key; compares fixed-length digests in constant time. */
export function isAdminKey(presented: string | undefined, expected: string): boolean {
  if (presented === undefined || presented === '') return false;
  let expectedDigest = expectedDigests.get(expected);
  if (!expectedDigest) expectedDigests.set(expected, (expectedDigest = digest(expected)));
  return timingSafeEqual(digest(presented), expectedDigest);
}

/**
 * Lets a request through only with the right `x-admin-key` (ADMIN_API_KEY): missing → 401,
 * wrong → 403. Digests of equal length are compared in constant time, so response timing does
 * not reveal how much of a guess was right.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: string;

  constructor(config: ConfigService) {
    this.expected = config.getOrThrow<string>('ADMIN_API_KEY');
  }

  canActivate(context: ExecutionContext): boolean {
    const presented = context.switchToHttp().getRequest<Request>().header(ADMIN_KEY_HEADER);
    if (presented === undefined || presented === '')
      throw new UnauthorizedException(`${ADMIN_KEY_HEADER} header is required`);
    if (!isAdminKey(presented, this.expected)) throw new ForbiddenException(`${ADMIN_KEY_HEADER} is not valid`);
    return true;
  }
}
