export * from './advisor/advisor.topics';
export * from './catalogue/catalogue';
export * from './limits';
export * from './messages';
export * from './orders/order-completed.parse';
export * from './orders/order-events';
export * from './reports/reports.topics';
export * from './resilience/dependencies';
export * from './saga/saga.topics';
export * from './services';
export * from './topic-spec';
export * from './topics';
// Fixtures for the tests of consumers of the contracts.
export * from './compartments';
export * from './orders/order-completed.fixture';
