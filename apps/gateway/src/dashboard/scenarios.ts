/** Scenarios the dashboard (and `npm run demo`) can run against the fleet. */
export const SCENARIOS = {
  'order-burst': {
    title: 'A burst of orders',
    what: 'Places 40 orders, 20 at a time, through POST /api/orders: the critical compartment and the saga participants fill up, then drain.',
    defaultHoldMs: 0,
  },
  'payment-outage': {
    title: 'Payment provider outage',
    what: 'Takes the payment provider simulator down and places an order every second: payments’ payment_provider breaker opens and charges stay queued; then the provider comes back, queued charges go through and the breaker closes.',
    defaultHoldMs: 12_000,
  },
  'notification-overload': {
    title: 'Notification overload',
    what: 'Makes the notification provider answer in 1.8 s and places 40 orders: the notifications bulkhead fills (8/8) while orders still complete.',
    defaultHoldMs: 10_000,
  },
  'hung-advisor': {
    title: 'Hung ML advisor',
    what: 'Makes the ML advisor hang and asks for recommendations four at a time: calls time out at 300 ms, the gateway’s ml_advisor breaker opens and answers become degraded at once; then the advisor recovers and the breaker closes.',
    defaultHoldMs: 12_000,
  },
} as const;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/** An order the scenarios place (a seeded SKU, so inventory knows it). */
export function scenarioOrder(n: number): object {
  const skus = ['DOG-TREATS-500', 'CAT-TOY-MOUSE', 'FISH-FLAKES-250', 'BIRD-SEED-2KG', 'RAB-HAY-1KG'];
  return {
    customerId: `dashboard-${n % 50}`,
    items: [{ sku: skus[n % skus.length], quantity: 1 }],
    payment: { method: 'card' },
    shippingAddress: {
      name: 'Dashboard Demo',
      street: 'Teststraße 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
  };
}
