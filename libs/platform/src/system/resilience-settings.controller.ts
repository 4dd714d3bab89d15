import { Controller, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApiResult,
  BackendService,
  resilienceSettingsTopic,
  ResilienceUpdateRequest,
  resilienceUpdateTopic,
} from '@shop/contracts';
import { ResilienceRegistry } from '@shop/resilience';

import { asResult } from '../request-reply/domain-error';
import {
  changeResilienceSettings,
  ResilienceSettingsChange,
  resilienceSettingsOf,
  ServiceResilienceSettings,
} from './resilience-settings';

/**
 * Builds the Kafka handlers through which the gateway reads and changes one service's resilience
 * settings. A factory, because a message pattern is fixed when the class is declared and each
 * service has its own topics. The message's envelope has been checked against its contract
 * before this runs (the poison guard); the patch itself is the registry's to validate.
 */
export function resilienceSettingsController(service: BackendService): Type<unknown> {
  @Controller()
  class ResilienceSettingsController {
    constructor(private readonly registry: ResilienceRegistry) {}

    @MessagePattern(resilienceSettingsTopic(service))
    settings(): Promise<ApiResult<ServiceResilienceSettings>> {
      return asResult(() => resilienceSettingsOf(this.registry, service));
    }

    @MessagePattern(resilienceUpdateTopic(service))
    update(@Payload() request: ResilienceUpdateRequest): Promise<ApiResult<ResilienceSettingsChange>> {
      return asResult(() => changeResilienceSettings(this.registry, service, request));
    }
  }
  return ResilienceSettingsController;
}
