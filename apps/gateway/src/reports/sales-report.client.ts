import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { ADVISOR_PATHS, SalesReport } from '@shop/contracts';
import { Resilient } from '@shop/resilience';
import { GATEWAY_SETTINGS, GatewaySettings } from '../common/gateway-settings';
import { UpstreamError, upstreamJson } from '../common/upstream';

/**
 * Sales reports, computed from the order history the ML advisor holds (the orders service's own
 * reporting pool is not exposed to the gateway), through dependency `reports`: 5 s budget and
 * two at a time, so reports can never crowd out anything else.
 */
@Injectable()
export class SalesReportClient {
  private readonly baseUrl: string;

  constructor(@Inject(GATEWAY_SETTINGS) settings: GatewaySettings) {
    this.baseUrl = settings.ML_ADVISOR_URL.replace(/\/$/, '');
  }

  @Resilient('reports')
  async sales(from: string, to: string, signal?: AbortSignal): Promise<SalesReport> {
    try {
      return await upstreamJson<SalesReport>('reports', `${this.baseUrl}${ADVISOR_PATHS.salesReport}?${new URLSearchParams({ from, to })}`, { signal });
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 400) {
        const body = error.body as { message?: string; field?: string };
        throw new BadRequestException({ message: body.message ?? 'bad report range', field: body.field });
      }
      throw error;
    }
  }
}
