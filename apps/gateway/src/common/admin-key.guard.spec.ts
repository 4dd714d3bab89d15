import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { AdminKeyGuard, isAdminKey } from './admin-key.guard';

const KEY = 'a-long-enough-admin-key';

function contextWith(headers: Record<string, string>): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => ({ header: (name: string) => headers[name] }) }),
  } as unknown as ExecutionContext;
}

describe('AdminKeyGuard', () => {
  const guard = new AdminKeyGuard({ getOrThrow: () => KEY } as unknown as ConfigService);

  it('lets the right key through', () => {
    expect(guard.canActivate(contextWith({ 'x-admin-key': KEY }))).toBe(true);
  });

  it('answers 401 without the header, 403 with a wrong key', () => {
    expect(() => guard.canActivate(contextWith({}))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextWith({ 'x-admin-key': '' }))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextWith({ 'x-admin-key': `${KEY}x` }))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(contextWith({ 'x-admin-key': 'short' }))).toThrow(ForbiddenException);
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
