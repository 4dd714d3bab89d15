import { Module } from '@nestjs/common';
import { MysqlRedisServiceEnv, PlatformModule, ProcessedMessages1732500000000, systemStatusController } from '@shop/platform';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'notifications',
      env: MysqlRedisServiceEnv,
      redis: true,
      database: { entities: [], migrations: [ProcessedMessages1732500000000] },
    }),
  ],
  controllers: [systemStatusController('notifications')],
})
export class AppModule {}
