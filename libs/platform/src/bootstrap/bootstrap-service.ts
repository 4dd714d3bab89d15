import { INestApplication, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppName } from '@shop/contracts';

import { InvalidEnvironmentError } from '../config/validate-env';
import { KafkaHealthIndicator } from '../health/kafka.health';
import { FAST_CONSUMER, kafkaClientConfig } from '../kafka/kafka-options';
import { TopicSelection, TrackedServerKafka } from '../kafka/tracked-server-kafka';
import { JsonLogger, LogLevel } from '../logging/json-logger';

export interface DedicatedConsumer {
  name: string;
  topics: readonly string[];
}

export interface BootstrapOptions {
  service: AppName;
  /** Whether the app consumes Kafka messages (every backend service; not the gateway). */
  consumesKafka: boolean;
  /**
   * Topics that get a Kafka consumer group of their own (`<service>-<name>`), taken away from the
   * app's main consumer. A consumer handles one message at a time, so a slow handler (a report)
   * on the main consumer would hold up every other topic of the app behind it.
   */
  dedicatedConsumers?: readonly DedicatedConsumer[];
  /** Extra HTTP set-up (global pipes, filters, swagger) before listening. */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Starts one app of the fleet: JSON logs, the Kafka consumer (hybrid app), HTTP, and graceful
 * shutdown on SIGTERM/SIGINT (consumers leave their group, in-flight work finishes, connections
 * close; after SHUTDOWN_GRACE_MS the process exits anyway). A bad environment exits with code 1
 * and a message naming each bad variable.
 */
export async function bootstrapService(appModule: Type<unknown>, options: BootstrapOptions): Promise<INestApplication> {
  const logger = new JsonLogger(options.service, (process.env.LOG_LEVEL as LogLevel) ?? 'info');
  let app: INestApplication;
  try {
    app = await NestFactory.create(appModule, { logger, abortOnError: false, bufferLogs: true });
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      logger.error({ msg: `${options.service} cannot start: invalid environment`, problems: error.problems });
      process.stderr.write(`${error.message}\n`);
    } else {
      logger.error(error instanceof Error ? error : String(error), 'Bootstrap');
    }
    process.exit(1);
  }
  const config = app.get(ConfigService);
  if (options.consumesKafka) {
    const brokers = config.getOrThrow<string>('KAFKA_BROKERS');
    for (const consumer of kafkaConsumersOf(options.service, options.dedicatedConsumers ?? [])) {
      const server = new TrackedServerKafka(
        {
          client: kafkaClientConfig(consumer.clientId, brokers),
          consumer: { groupId: consumer.clientId, ...FAST_CONSUMER },
          producer: { allowAutoTopicCreation: false },
        },
        consumer.topics,
      );
      app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
      app.get(KafkaHealthIndicator).trackServer(consumer.name, server);
    }
  }
  await options.configure?.(app);
  exitAfterGracePeriod(config.get<number>('SHUTDOWN_GRACE_MS') ?? 10_000, logger);
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  const port = config.getOrThrow<number>('PORT');
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  logger.log({ msg: `${options.service} listening`, port }, 'Bootstrap');
  return app;
}

/** One Kafka consumer of an app: its name in readiness, its client id and group, its topics. */
export interface KafkaConsumerPlan {
  name: string;
  clientId: string;
  topics: TopicSelection;
}

/**
 * The app's consumers: `main` (group `<service>`, every topic no dedicated consumer takes, from
 * and one per dedicated consumer (group `<service>-<name>`). Where each starts on a partition its
 * group never committed is the server's rule ({@link TrackedServerKafka}).
 */
export function kafkaConsumersOf(service: AppName, dedicated: readonly DedicatedConsumer[]): KafkaConsumerPlan[] {
  return [
    { name: 'main', clientId: service, topics: { except: dedicated.flatMap((d) => d.topics) } },
    ...dedicated.map((d) => ({
      name: d.name,
      clientId: `${service}-${d.name}`,
      topics: { only: d.topics },
    })),
  ];
}

/** Nest's shutdown hooks close everything in order; this only guards against a hook that hangs. */
function exitAfterGracePeriod(graceMs: number, logger: JsonLogger): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log({ msg: `received ${signal}, shutting down`, graceMs }, 'Bootstrap');
      setTimeout(() => {
        logger.warn({ msg: 'shutdown grace period over, exiting' }, 'Bootstrap');
        process.exit(0);
      }, graceMs).unref();
    });
  }
}
