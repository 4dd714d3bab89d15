import { applyDecorators } from '@nestjs/common';
import { AdminOnly as FleetAdminOnly } from '@shop/platform';

import { ApiErrors } from '../docs/api-errors';
import { ADMIN_KEY_HEADER } from './admin-key.guard';

export { ADMIN_KEY_SCHEME, ADMIN_ONLY } from '@shop/platform';

/**
 * The fleet's one @AdminOnly() (guard, metadata, security scheme), with its 401 and 403 documented
 * in the gateway's error body. Order: the fleet's decorator first, so these answers replace the
 * body-less ones it documents.
 */
export function AdminOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    FleetAdminOnly(),
    ApiErrors({
      401: `The \`${ADMIN_KEY_HEADER}\` header is missing`,
      403: `The \`${ADMIN_KEY_HEADER}\` header is wrong`,
    }),
  );
}
