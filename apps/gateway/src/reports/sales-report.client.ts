import { Injectable } from '@nestjs/common';
import { DEPENDENCIES, REPORT_REQUESTS, SalesReport, SalesReportRequest } from '@shop/contracts';
import { ResilienceRegistry } from '@shop/resilience';
import { Resilient } from '@shop/resilience/nest';

import { KafkaRequestClient } from '../kafka/kafka-request.client';

/**
 * Sales reports, computed by `orders` on its own one-connection pool and asked over Kafka
 * request-reply, through dependency `reports`: its time budget and two at a time, so reports can
 * never crowd out anything else. The budget's signal abandons the reply when it runs out.
 */
@Injectable()
export class SalesReportClient {
  constructor(
    private readonly kafka: KafkaRequestClient,
    private readonly registry: ResilienceRegistry,
  ) {}

  @Resilient(DEPENDENCIES.REPORTS)
  async sales(from: string, to: string, signal?: AbortSignal): Promise<SalesReport> {
    // Tells orders when we stop waiting, so it does not run a report nobody will read. The whole
    // budget from now is an upper bound: part of it may have gone on waiting in the bulkhead.
    const budgetMs = this.registry.get(DEPENDENCIES.REPORTS).settings.timeoutMs;
    const request: SalesReportRequest = {
      from,
      to,
      ...(budgetMs ? { replyBy: new Date(Date.now() + budgetMs).toISOString() } : {}),
    };
    // Abandoned at the budget (`signal`): the resilience timeout answers (504), not the client.
    return this.kafka.ask<SalesReport>('orders', REPORT_REQUESTS.sales, request, signal);
  }
}
