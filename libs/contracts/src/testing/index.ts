// Test support of @shop/contracts, for specs only (`@shop/contracts/testing`): never imported by
// production code (lint refuses it there), so it stays out of the public entry.
export * from './order-completed.fixture';
