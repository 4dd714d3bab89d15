import { Global, Module } from '@nestjs/common';

import { KafkaRequestClient } from './kafka-request.client';

/** The gateway's one Kafka client for request-reply with the backend services. */
@Global()
@Module({
  providers: [KafkaRequestClient],
  exports: [KafkaRequestClient],
})
export class KafkaGatewayModule {}
