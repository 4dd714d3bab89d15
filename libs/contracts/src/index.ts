export * from './services';
export * from './topic-spec';
export * from './topics';
export * from './messages';
export * from './saga/saga.topics';
export * from './reports/reports.topics';
export * from './advisor/advisor.topics';
