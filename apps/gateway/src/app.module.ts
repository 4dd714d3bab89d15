import { Module } from '@nestjs/common';
import { GatewayEnv, PlatformModule } from '@shop/platform';
import { KafkaGatewayModule } from './kafka/kafka-gateway.module';
import { SystemModule } from './system/system.module';

@Module({
  imports: [PlatformModule.forRoot({ service: 'gateway', env: GatewayEnv, redis: true }), KafkaGatewayModule, SystemModule],
})
export class AppModule {}
