import { createHash, timingSafeEqual } from 'node:crypto';

import { HttpError } from '../http/http-error';

export const ADMIN_KEY_HEADER = 'x-admin-key';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks the `x-admin-key` header: missing → 401, wrong → 403. Compares digests in constant
 * time so the key cannot be guessed byte by byte from response timings.
 */
export function assertAdminKey(header: string | string[] | undefined, expected: string): void {
  const presented = Array.isArray(header) ? header[0] : header;
  if (presented === undefined || presented === '') {
    throw new HttpError(401, { error: 'unauthorized', message: `${ADMIN_KEY_HEADER} header is required` });
  }
  if (!timingSafeEqual(digest(presented), digest(expected))) {
    throw new HttpError(403, { error: 'forbidden', message: `${ADMIN_KEY_HEADER} is not valid` });
  }
}
