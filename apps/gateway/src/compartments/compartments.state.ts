import { Inject, Injectable } from '@nestjs/common';

import { GATEWAY_SETTINGS, GatewaySettings } from '../common/gateway-settings';

/**
 * Whether compartments are on. Off, every route competes for the shared capacity first come,
 * first served — the "before" picture the isolation bench compares against. Starts from
 * COMPARTMENTS_ENABLED (default on); operators flip it at `PUT /api/admin/compartments`.
 */
@Injectable()
export class CompartmentsState {
  enabled: boolean;

  constructor(@Inject(GATEWAY_SETTINGS) settings: GatewaySettings) {
    this.enabled = settings.COMPARTMENTS_ENABLED === 'true';
  }
}
