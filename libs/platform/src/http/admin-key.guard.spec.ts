import {
  ExecutionContext,
  ForbiddenException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { AdminKeyGuard, adminKeyVerdict, isAdminKey } from './admin-key.guard';

const KEY = 'a-long-enough-admin-key';

function contextWith(headers: Record<string, string>): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => ({ header: (name: string) => headers[name] }) }),
  } as unknown as ExecutionContext;
}

describe('AdminKeyGuard', () => {
  const guard = new AdminKeyGuard({ get: () => KEY } as unknown as ConfigService);

  it('lets the right key through', () => {
    expect(guard.canActivate(contextWith({ 'x-admin-key': KEY }))).toBe(true);
  });

  it('answers 401 without the header, 403 with a wrong key', () => {
    expect(() => guard.canActivate(contextWith({}))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextWith({ 'x-admin-key': '' }))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextWith({ 'x-admin-key': `${KEY}x` }))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(contextWith({ 'x-admin-key': 'short' }))).toThrow(ForbiddenException);
  });

  it('answers 503 when no key is configured: admin routes off, never open', () => {
    const off = new AdminKeyGuard({ get: () => undefined } as unknown as ConfigService);
    expect(() => off.canActivate(contextWith({ 'x-admin-key': KEY }))).toThrow(ServiceUnavailableException);
  });
});

describe('isAdminKey', () => {
  it('compares whole keys whatever their lengths', () => {
    expect(isAdminKey(KEY, KEY)).toBe(true);
    expect(isAdminKey(KEY.slice(0, -1), KEY)).toBe(false);
    expect(isAdminKey(undefined, KEY)).toBe(false);
    expect(isAdminKey(KEY, 'another-long-admin-key')).toBe(false);
  });
});

describe('adminKeyVerdict', () => {
  it('is the same decision for Nest and plain Node servers', () => {
    expect(adminKeyVerdict(KEY, KEY)).toBe('ok');
    expect(adminKeyVerdict([KEY, 'x'], KEY)).toBe('ok');
    expect(adminKeyVerdict(undefined, KEY)).toBe('missing');
    expect(adminKeyVerdict('', KEY)).toBe('missing');
    expect(adminKeyVerdict('nope', KEY)).toBe('wrong');
    expect(adminKeyVerdict(KEY, '')).toBe('disabled');
  });
});
