import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ADVISOR_PATHS,
  DEPENDENCIES,
  Recommendation,
  RecommendationsReply,
  RecommendationStrategy,
} from '@shop/contracts';
import { FallbackCause } from '@shop/resilience';
import { Resilient } from '@shop/resilience/nest';

import { GATEWAY_SETTINGS, GatewaySettings } from '../common/gateway-settings';
import { upstreamJson } from '../common/upstream';

export interface RecommendationsQuery {
  productId?: string;
  customerId?: string;
  limit: number;
}

export interface Recommendations {
  recommendations: Recommendation[];
  strategy?: RecommendationStrategy;
  /** True when the advisor did not answer in time (or its breaker is open) and we answered without it. */
  degraded: boolean;
  degradedReason?: string;
}

/**
 * Recommendations from the ML advisor over HTTP, through dependency `ml_advisor` (300 ms budget,
 * breaker, adaptive bulkhead, a hedge after the p95 latency: a GET may be sent twice). Recommendations are optional: on timeout, open circuit, full bulkhead or error the
 * answer is an empty list marked `degraded`, so a page never waits on — or fails with — them.
 */
@Injectable()
export class RecommendationsClient {
  private readonly logger = new Logger(RecommendationsClient.name);
  private readonly baseUrl: string;

  constructor(@Inject(GATEWAY_SETTINGS) settings: GatewaySettings) {
    this.baseUrl = settings.ML_ADVISOR_URL.replace(/\/$/, '');
  }

  @Resilient(DEPENDENCIES.ML_ADVISOR, { fallback: 'withoutAdvisor' })
  async recommend(query: RecommendationsQuery, signal?: AbortSignal): Promise<Recommendations> {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.productId) params.set('productId', query.productId);
    if (query.customerId) params.set('customerId', query.customerId);
    const reply = await upstreamJson<RecommendationsReply>(
      'ml_advisor',
      `${this.baseUrl}${ADVISOR_PATHS.recommendations}?${params.toString()}`,
      { signal },
    );
    return { recommendations: reply.recommendations, strategy: reply.strategy, degraded: false };
  }

  /** Fallback of `recommend` (called by @Resilient with the cause first). */
  withoutAdvisor(cause: FallbackCause): Recommendations {
    const reason =
      cause.kind === 'error'
        ? `ml_advisor failed: ${(cause.error as Error)?.message ?? 'error'}`
        : `ml_advisor ${cause.kind}`;
    // Debug, not warn: under a drill this fires for every request; resilience_calls_total{outcome="fallback"} counts them.
    this.logger.debug({ msg: 'answering without recommendations', reason });
    return { recommendations: [], degraded: true, degradedReason: reason };
  }
}
