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

/** The one header that carries the fleet's operator key (ADMIN_API_KEY). */
export const ADMIN_KEY_HEADER = 'x-admin-key';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

// The expected key's digest, computed once per key rather than on every request.
const expectedDigests = new Map<string, Buffer>();

/** True when `presented` is the admin key; compares fixed-length digests in constant time. */
export function isAdminKey(presented: string | undefined, expected: string | undefined): boolean {
  if (presented === undefined || presented === '' || !expected) return false;
  let expectedDigest = expectedDigests.get(expected);
  if (!expectedDigest) expectedDigests.set(expected, (expectedDigest = digest(expected)));
  return timingSafeEqual(digest(presented), expectedDigest);
}

/** What a presented admin key amounts to: the one decision every service (Nest or not) answers the same way. */
export type AdminKeyVerdict = 'ok' | 'missing' | 'wrong' | 'disabled';

/**
 * `disabled` (no key configured: 503, admin routes off rather than open), `missing` (401),
 * `wrong` (403) or `ok`. A header sent twice counts as its first value.
 */
export function adminKeyVerdict(
  presented: string | string[] | undefined,
  expected: string | undefined,
): AdminKeyVerdict {
  if (!expected) return 'disabled';
  const value = Array.isArray(presented) ? presented[0] : presented;
  if (value === undefined || value === '') return 'missing';
  return isAdminKey(value, expected) ? 'ok' : 'wrong';
}

/** The status and message of a verdict other than `ok`. */
export function adminKeyRefusal(verdict: Exclude<AdminKeyVerdict, 'ok'>): { status: 401 | 403 | 503; message: string } {
  switch (verdict) {
    case 'missing':
      return { status: 401, message: `${ADMIN_KEY_HEADER} header is required` };
    case 'wrong':
      return { status: 403, message: `${ADMIN_KEY_HEADER} is not valid` };
    case 'disabled':
      return { status: 503, message: 'admin routes are disabled: ADMIN_API_KEY is not set' };
  }
}

/**
 * Lets a request through only with the right `x-admin-key` (ADMIN_API_KEY): missing → 401,
 * wrong → 403, no key configured → 503. Digests of equal length are compared in constant time,
 * so response timing does not reveal how much of a guess was right. The gateway, the advisor and
 * (through {@link adminKeyVerdict}) the provider simulators all answer with it.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: string | undefined;

  constructor(config: ConfigService) {
    this.expected = config.get<string>('ADMIN_API_KEY') || undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const verdict = adminKeyVerdict(
      context.switchToHttp().getRequest<Request>().header(ADMIN_KEY_HEADER),
      this.expected,
    );
    if (verdict === 'ok') return true;
    const { status, message } = adminKeyRefusal(verdict);
    if (status === 401) throw new UnauthorizedException(message);
    if (status === 403) throw new ForbiddenException(message);
    throw new ServiceUnavailableException(message);
  }
}
