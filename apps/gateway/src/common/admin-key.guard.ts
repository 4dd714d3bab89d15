// The fleet's one admin-key guard lives in @shop/platform; re-exported for the gateway's imports.
export { ADMIN_KEY_HEADER, AdminKeyGuard, isAdminKey } from '@shop/platform';
