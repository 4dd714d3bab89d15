/**
 * The ML advisor's HTTP API (base URL `ML_ADVISOR_URL`), as the gateway calls it. The gateway
 * uses HTTP rather than Kafka request-reply here: a Kafka consumer handles one message per
 * partition at a time, so one slow inference would hold up every request queued behind it,
 * while HTTP requests are independent and each can be abandoned at its own deadline.
 */
export const ADVISOR_PATHS = {
  recommendations: '/recommendations',
  product: (productId: string) => `/catalogue/products/${encodeURIComponent(productId)}`,
  retrain: '/retrain',
  model: '/model',
  faults: '/admin/faults',
} as const;

/**
 * How a list of recommendations was produced: from the orders of this product (`also-bought`) or
 * customer (`personal`), from what sells most (`popularity`), or — with no orders to go on at
 * all — from the catalogue, the viewed product's species first (`catalogue`).
 */
export type RecommendationStrategy = 'also-bought' | 'personal' | 'popularity' | 'catalogue';

export interface Recommendation {
  productId: string;
  name: string;
  /** Relative strength in [0, 1]; comparable within one answer only. */
  score: number;
  /** Why it is suggested, for display: "bought together 42 times", "popular". */
  reason: string;
}

/** `GET /recommendations?productId=&customerId=&limit=` */
export interface RecommendationsReply {
  strategy: RecommendationStrategy;
  /** Id of the trained model that answered; `0` before the first training. */
  modelVersion: number;
  recommendations: Recommendation[];
}

/** Fault settings, shaped like the provider simulators' `PUT /admin/faults` body. */
export const FAULT_MODES = ['up', 'down', 'hang'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSettings {
  /** `up` answers; `down` fails at once; `hang` never answers (until the caller gives up). */
  mode: FaultMode;
  /** Added before every answer, ms. */
  latencyMs: number;
  /** Probability (0..1) that a call fails with an injected error. */
  errorRate: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({ mode: 'up', latencyMs: 0, errorRate: 0 });
