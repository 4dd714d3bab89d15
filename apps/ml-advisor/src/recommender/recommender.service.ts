import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { RecommendationsReply, RecommendationStrategy } from '@shop/contracts';
import { ReadinessRegistry } from '@shop/platform';
import { ResilienceRegistry } from '@shop/resilience';

import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { CatalogueSuggestion, ShelfProduct, topUpFromCatalogue } from './catalogue-fallback';
import type { CoOccurrenceModel, ScoredProduct } from './co-occurrence';
import { OrderHistoryRepository } from './order-history.repository';
import { INFERENCE, TRAINING } from './recommender.constants';
import type { RecommendTask, TrainTask } from './recommender.worker';

export interface ModelInfo {
  version: number;
  trainedAt: string;
  baskets: number;
  products: number;
  trigger: string;
  durationMs: number;
}

export interface RecommendationQuery {
  productId?: string;
  customerId?: string;
  limit: number;
}

const FIRST_TRAINING_RETRY_MS = 2_000;

/**
 * Owns the current model: trains it at start-up, every RETRAIN_INTERVAL_MS and on demand, and
 * answers recommendation queries with it. Training and inference both run on worker-pool
 * bulkheads (separate pools, heap-capped workers), so neither blocks the event loop and a
 * retrain never queues in front of answers. A new model replaces the old one atomically; until
 * the first one exists the advisor is not ready.
 */
@Injectable()
export class RecommenderService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecommenderService.name);
  private model: CoOccurrenceModel | undefined;
  private info: ModelInfo | undefined;
  private names = new Map<string, string>();
  private shelf: ShelfProduct[] = [];
  private training: Promise<ModelInfo> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;

  constructor(
    private readonly history: OrderHistoryRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly resilience: ResilienceRegistry,
    private readonly readiness: ReadinessRegistry,
    private readonly health: HealthIndicatorService,
    config: ConfigService,
  ) {
    this.intervalMs = Number(config.get('RETRAIN_INTERVAL_MS') ?? 300_000);
  }

  onApplicationBootstrap(): void {
    this.readiness.register('model', () => {
      const check = this.health.check('model');
      return this.info ? check.up({ version: this.info.version }) : check.down({ message: 'no model trained yet' });
    });
    this.scheduleTraining('startup', 0);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** The model in use, if any. */
  current(): ModelInfo | undefined {
    return this.info;
  }

  /**
   * Retrains from the whole order history. Concurrent calls share one run (a second click on
   * "retrain" must not start a second training).
   */
  retrain(trigger: string): Promise<ModelInfo> {
    this.training ??= this.train(trigger).finally(() => (this.training = undefined));
    return this.training;
  }

  async recommend(query: RecommendationQuery, signal?: AbortSignal): Promise<RecommendationsReply> {
    const model = this.model;
    if (!model) return { strategy: 'popularity', modelVersion: 0, recommendations: [] };
    const purchased = query.customerId ? await this.history.purchasedBy(query.customerId) : [];
    const task: RecommendTask = {
      model,
      productId: query.productId,
      purchased,
      personal: purchased.length > 0,
      limit: query.limit,
    };
    const fromModel = await this.resilience
      .get(INFERENCE)
      .runInWorker<ScoredProduct[], RecommendTask>('recommend', task, { signal });
    // Without enough order history (a cold start) the catalogue fills the list; see catalogue-fallback.ts.
    const scored = topUpFromCatalogue(
      fromModel,
      this.shelf,
      { productId: query.productId, exclude: purchased },
      query.limit,
    );
    return {
      strategy: strategyOf(scored, task.personal, query.productId),
      modelVersion: model.version,
      recommendations: scored.map((s) => ({
        productId: s.productId,
        name: this.names.get(s.productId) ?? s.productId,
        score: s.score,
        reason: reasonFor(s),
      })),
    };
  }

  private scheduleTraining(trigger: string, delayMs: number): void {
    this.timer = setTimeout(() => {
      this.retrain(trigger)
        .then(() => this.scheduleTraining('schedule', this.intervalMs))
        .catch((error: Error) => {
          this.logger.warn({ msg: 'training failed; will retry', trigger, error: error.message });
          this.scheduleTraining(trigger, this.info ? this.intervalMs : FIRST_TRAINING_RETRY_MS);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async train(trigger: string): Promise<ModelInfo> {
    const started = performance.now();
    const [baskets, products] = await Promise.all([this.history.baskets(), this.catalogue.all()]);
    const trainedAt = new Date();
    const model = await this.resilience
      .get(TRAINING)
      .runInWorker<CoOccurrenceModel, TrainTask>('train', { baskets, options: { now: trainedAt } });
    const durationMs = performance.now() - started;
    const version = await this.history.recordRun({
      trainedAt,
      trigger,
      baskets: model.baskets,
      products: model.popularity.length,
      durationMs,
    });
    this.names = new Map(products.map((p) => [p.id, p.name]));
    this.shelf = products.map((p) => ({ id: p.id, species: p.species }));
    this.model = { ...model, version };
    this.info = {
      version,
      trainedAt: trainedAt.toISOString(),
      baskets: model.baskets,
      products: model.popularity.length,
      trigger,
      durationMs: Math.round(durationMs),
    };
    this.logger.log({ msg: 'model trained', ...this.info });
    return this.info;
  }
}

type Suggestion = ScoredProduct | CatalogueSuggestion;

/** The best evidence in the list names it: orders of this product or customer, then sales, then the catalogue. */
function strategyOf(scored: Suggestion[], personal: boolean, productId: string | undefined): RecommendationStrategy {
  if (scored.length > 0 && scored.every((s) => s.basis === 'catalogue')) return 'catalogue';
  if (scored.length === 0 || scored.every((s) => s.basis === 'popularity' || s.basis === 'catalogue'))
    return 'popularity';
  return personal ? 'personal' : productId ? 'also-bought' : 'popularity';
}

/** Why a product is suggested, for display. */
function reasonFor(s: Suggestion): string {
  if (s.basis === 'catalogue') return s.forSpecies ? `more for your ${s.forSpecies}` : 'from our catalogue';
  return s.basis === 'popularity' ? 'popular with other customers' : `bought together ${s.together} times`;
}
