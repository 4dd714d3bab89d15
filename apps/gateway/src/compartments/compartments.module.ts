import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { CompartmentInterceptor } from './compartment.interceptor';
import { CompartmentsState } from './compartments.state';
import { CompartmentsAdminController } from './compartments-admin.controller';
import { DoorShed } from './door-shed';

/** Priority compartments for every route (see CompartmentInterceptor), shedding at the door what is sure to be refused (DoorShed, installed by main.ts). */
@Module({
  controllers: [CompartmentsAdminController],
  providers: [CompartmentsState, DoorShed, { provide: APP_INTERCEPTOR, useClass: CompartmentInterceptor }],
})
export class CompartmentsModule {}
