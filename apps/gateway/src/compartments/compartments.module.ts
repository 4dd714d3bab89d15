import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CompartmentInterceptor } from './compartment.interceptor';
import { CompartmentsAdminController } from './compartments-admin.controller';
import { CompartmentsState } from './compartments.state';
import { EarlyShedMiddleware } from './early-shed.middleware';

/** Priority compartments for every route (see CompartmentInterceptor), shedding early what is sure to be refused (EarlyShedMiddleware). */
@Module({
  controllers: [CompartmentsAdminController],
  providers: [CompartmentsState, { provide: APP_INTERCEPTOR, useClass: CompartmentInterceptor }],
})
export class CompartmentsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(EarlyShedMiddleware).forRoutes('*path');
  }
}
