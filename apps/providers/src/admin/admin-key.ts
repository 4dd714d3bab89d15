import { adminKeyRefusal, adminKeyVerdict } from '@shop/platform';

import { HttpError } from '../http/http-error';

export { ADMIN_KEY_HEADER } from '@shop/platform';

/**
 * Checks the `x-admin-key` header with the fleet's one admin-key rule (@shop/platform): missing
 * → 401, wrong → 403, compared as digests in constant time.
 */
export function assertAdminKey(header: string | string[] | undefined, expected: string): void {
  const verdict = adminKeyVerdict(header, expected);
  if (verdict === 'ok') return;
  const { status, message } = adminKeyRefusal(verdict);
  throw new HttpError(status, {
    error: status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'unavailable',
    message,
  });
}
