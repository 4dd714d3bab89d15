export * from './services';
export * from './topics';
export * from './messages';
