import type { AppName, BackendService } from '../services';

/**
 * The names of the fleet's resilience dependencies: the keys under
 * `resilience.services.<app>.dependencies` in config/resilience.yaml, the names code asks the
 * registry for, and the `dependency` label of the `resilience_*` metrics. One place, so the file
 * and the code cannot drift (test/architecture checks both ways).
 */
export const DEPENDENCIES = {
  /** gateway → ml-advisor over HTTP: recommendations. */
  ML_ADVISOR: 'ml_advisor',
  /** gateway → inventory over Kafka: the product reads of product pages, behind the product cache. */
  INVENTORY_CATALOGUE: 'inventory_catalogue',
  /** gateway → Redis: the product cache. */
  CACHE: 'cache',
  /** gateway → orders over Kafka: sales reports. */
  REPORTS: 'reports',
  /** gateway: the share of the process every route competes for (compartment lanes). */
  GATEWAY_CAPACITY: 'gateway_capacity',
  COMPARTMENT_CRITICAL: 'compartment_critical',
  COMPARTMENT_IMPORTANT: 'compartment_important',
  COMPARTMENT_BACKGROUND: 'compartment_background',
  /** gateway → each backend over Kafka: the status round trip of `/api/system/status`. */
  ORDERS_SERVICE: 'orders_service',
  PAYMENTS_SERVICE: 'payments_service',
  INVENTORY_SERVICE: 'inventory_service',
  NOTIFICATIONS_SERVICE: 'notifications_service',
  ML_ADVISOR_SERVICE: 'ml_advisor_service',
  /** orders → the carrier: shipping quotes. */
  CARRIER: 'carrier',
  /** payments → the payment provider. */
  PAYMENT_PROVIDER: 'payment_provider',
  /** notifications → the notification provider. */
  NOTIFICATION_PROVIDER: 'notification_provider',
  /** ml-advisor: inference on its own worker pool. */
  RECOMMENDER_INFERENCE: 'recommender_inference',
  /** ml-advisor: training on a separate worker pool. */
  RECOMMENDER_TRAINING: 'recommender_training',
} as const;
export type DependencyName = (typeof DEPENDENCIES)[keyof typeof DEPENDENCIES];

const D = DEPENDENCIES;

/** The gateway's dependency for the status round trip to each backend. */
export const STATUS_DEPENDENCIES: Readonly<Record<BackendService, DependencyName>> = {
  orders: D.ORDERS_SERVICE,
  payments: D.PAYMENTS_SERVICE,
  inventory: D.INVENTORY_SERVICE,
  notifications: D.NOTIFICATIONS_SERVICE,
  'ml-advisor': D.ML_ADVISOR_SERVICE,
};

/** Which app owns (calls through its registry) each dependency. Every app loads exactly these. */
export const RESILIENCE_DEPENDENCIES: Readonly<Record<AppName, readonly DependencyName[]>> = {
  gateway: [
    D.ML_ADVISOR,
    D.INVENTORY_CATALOGUE,
    D.CACHE,
    D.REPORTS,
    D.GATEWAY_CAPACITY,
    D.COMPARTMENT_CRITICAL,
    D.COMPARTMENT_IMPORTANT,
    D.COMPARTMENT_BACKGROUND,
    D.ORDERS_SERVICE,
    D.PAYMENTS_SERVICE,
    D.INVENTORY_SERVICE,
    D.NOTIFICATIONS_SERVICE,
    D.ML_ADVISOR_SERVICE,
  ],
  orders: [D.CARRIER],
  payments: [D.PAYMENT_PROVIDER],
  inventory: [],
  notifications: [D.NOTIFICATION_PROVIDER],
  'ml-advisor': [D.RECOMMENDER_INFERENCE, D.RECOMMENDER_TRAINING],
};

/** The app that owns `dependency`, or undefined when no app does. */
export function ownerOfDependency(dependency: string): AppName | undefined {
  return (Object.keys(RESILIENCE_DEPENDENCIES) as AppName[]).find((app) =>
    (RESILIENCE_DEPENDENCIES[app] as readonly string[]).includes(dependency),
  );
}
