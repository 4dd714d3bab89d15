export { backoffDelayMs, type BackoffOptions } from './backoff';
export { ENTRY_ID_PATTERN, EntryIdGenerator, entryIdTime } from './entry-id';
export { serviceStoreModule, type ServiceStoreOptions } from './service-store.module';
export { getWriteBehindOptionsToken, getWriteBehindStoreToken } from './write-behind.constants';
export {
  BacklogFullError,
  isBacklogFullError,
  isStoreClosedError,
  StoreClosedError,
  WriteBehindError,
  WriteBehindErrorCode,
} from './write-behind.errors';
export { WriteBehindHealthIndicator } from './write-behind.health';
export { WriteBehindMetrics } from './write-behind.metrics';
export {
  InjectWriteBehindStore,
  WriteBehindModule,
  type WriteBehindModuleAsyncOptions,
  type WriteBehindModuleOptions,
} from './write-behind.module';
export type {
  DeadLetter,
  QueryOptions,
  QueryPage,
  StoredRecord,
  WriteAccepted,
  WriteBehindLogger,
  WriteBehindStats,
  WriteBehindStoreOptions,
} from './write-behind.options';
export { WriteBehindStore } from './write-behind.store';
export {
  type ColumnDefinition,
  createTableSql,
  defineTable,
  type SqlValue,
  type WhereFilter,
  type WriteBehindTable,
} from './write-behind.table';
