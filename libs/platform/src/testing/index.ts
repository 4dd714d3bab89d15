// Test support of @shop/platform, for specs only (`@shop/platform/testing`): never imported by
// production code, so it stays out of the public entry.
export * from './private-database';
export * from './tcp-proxy';
