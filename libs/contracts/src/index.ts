export * from './services';
export * from './topic-spec';
export * from './topics';
export * from './messages';
export * from './saga/saga.topics';
export * from './reports/reports.topics';
export * from './advisor/advisor.topics';
export * from './orders/order-events';
export * from './catalogue/catalogue';
export * from './orders/order-completed.parse';
// Fixtures for the tests of consumers of the contracts.
export * from './orders/order-completed.fixture';
