import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

/**
 * Whether compartments are on. Off, every route competes for the shared capacity first come,
 * first served — the "before" picture the isolation bench compares against. Starts from
 * COMPARTMENTS_ENABLED (default on); operators flip it at `PUT /api/admin/compartments`.
 */
@Injectable()
export class CompartmentsState {
  enabled: boolean;

  constructor(config: ConfigService) {
    this.enabled = String(config.get('COMPARTMENTS_ENABLED') ?? 'true') !== 'false';
  }
}
