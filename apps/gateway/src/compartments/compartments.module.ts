import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CompartmentInterceptor } from './compartment.interceptor';
import { CompartmentsAdminController } from './compartments-admin.controller';
import { CompartmentsState } from './compartments.state';

/** Priority compartments for every route (see CompartmentInterceptor). */
@Module({
  controllers: [CompartmentsAdminController],
  providers: [CompartmentsState, { provide: APP_INTERCEPTOR, useClass: CompartmentInterceptor }],
})
export class CompartmentsModule {}
