import { Module } from '@nestjs/common';
import { MysqlServiceEnv, PlatformModule, ProcessedMessages1732500000000, systemStatusController } from '@shop/platform';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'payments',
      env: MysqlServiceEnv,
      database: { entities: [], migrations: [ProcessedMessages1732500000000] },
    }),
  ],
  controllers: [systemStatusController('payments')],
})
export class AppModule {}
