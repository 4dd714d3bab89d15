import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DEPENDENCIES } from '@shop/contracts';
import { deadlineHttpHeaders, Priority, ResilienceRegistry, ResilientDependency } from '@shop/resilience';

export interface OutgoingNotice {
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  body: string;
  idempotencyKey: string;
}

export class NotificationProviderError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`notification provider answered ${status}: ${body.slice(0, 200)}`);
  }
}

/**
 * The notification provider through the `notification_provider` stack (bulkhead, timeout,
 * breaker; no retry layer: the Bull queue retries, with the same idempotency key, so the
 * provider delivers each notice once).
 */
@Injectable()
export class NotificationProviderClient {
  private readonly provider: ResilientDependency;
  private readonly baseUrl: string;

  constructor(registry: ResilienceRegistry, config: ConfigService) {
    this.provider = registry.get(DEPENDENCIES.NOTIFICATION_PROVIDER);
    this.baseUrl = config.getOrThrow<string>('NOTIFICATION_PROVIDER_URL');
  }

  /** Sends a notice; `priority` is its lane in the provider's bulkhead (its compartment's). */
  send(notice: OutgoingNotice, priority: Priority = 'normal'): Promise<string> {
    return this.provider.execute(
      async ({ signal }) => {
        const response = await fetch(`${this.baseUrl}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...deadlineHttpHeaders() },
          body: JSON.stringify(notice),
          signal,
        });
        const text = await response.text();
        if (!response.ok) throw new NotificationProviderError(response.status, text);
        return String((JSON.parse(text) as { messageId: string }).messageId);
      },
      { priority },
    );
  }
}
