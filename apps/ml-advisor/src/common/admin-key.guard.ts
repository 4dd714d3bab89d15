// The fleet's one admin-key guard lives in @shop/platform; re-exported for the advisor's imports.
export { AdminKeyGuard } from '@shop/platform';
