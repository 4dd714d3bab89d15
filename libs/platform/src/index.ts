export * from './bootstrap/app-version';
export * from './bootstrap/bootstrap-service';
export * from './config/service-env';
export * from './config/store-connections';
export * from './config/validate-env';
export * from './database/database.module';
export * from './database/ensure-database';
export * from './database/migrations/1732500000000-processed-messages';
export * from './database/migrations/1732500000001-processed-messages-by-time';
export * from './health/kafka.health';
export * from './health/readiness.registry';
export * from './health/readiness.report';
export * from './health/redis.health';
export * from './kafka/kafka.constants';
export * from './kafka/kafka-options';
export * from './kafka/kafka-rpc.interceptor';
export * from './kafka/tracked-server-kafka';
export * from './logging/correlation';
export * from './logging/json-logger';
export * from './metrics/metrics.service';
export * from './platform.module';
export * from './platform.options';
export * from './system/system-status.controller';

// Integration-test support: a private, migrated database per suite on the real server.
export * from './kafka/periodic-offset-committer';
export * from './testing/private-database';
