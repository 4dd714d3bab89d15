import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';

import { ADMIN_KEY_HEADER, AdminKeyGuard } from './admin-key.guard';

export const ADMIN_ONLY = 'platform:admin-only';
/** Name of the security scheme registered in the OpenAPI document. */
export const ADMIN_KEY_SCHEME = 'admin-key';

/**
 * Marks a route or controller as operator-only. Order matters only for readers: the metadata
 * and the OpenAPI annotations describe the route, `UseGuards(AdminKeyGuard)` enforces it —
 * guards run before pipes, so a request without the key is refused (401/403) before its body
 * is even validated.
 */
export function AdminOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ADMIN_ONLY, true),
    ApiSecurity(ADMIN_KEY_SCHEME),
    ApiUnauthorizedResponse({ description: `${ADMIN_KEY_HEADER} header missing` }),
    ApiForbiddenResponse({ description: `${ADMIN_KEY_HEADER} header wrong` }),
    UseGuards(AdminKeyGuard),
  );
}
