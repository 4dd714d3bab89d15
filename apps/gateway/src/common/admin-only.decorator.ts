// The fleet's one @AdminOnly() lives in @shop/platform; re-exported for the gateway's imports.
export { ADMIN_KEY_SCHEME, ADMIN_ONLY, AdminOnly } from '@shop/platform';
