/** Dependencies whose faults the gateway's admin routes control. */
export const FAULT_DEPENDENCIES = [
  'payment_gateway',
  'carrier',
  'notification_provider',
  'ml_advisor',
  'inventory_catalogue',
  'cache',
] as const;
export type FaultDependency = (typeof FAULT_DEPENDENCIES)[number];

/** Faults applied by another process (a provider simulator or the advisor), with the env var of its URL. */
export const REMOTE_FAULTS = {
  payment_gateway: { urlVariable: 'PAYMENT_PROVIDER_URL', what: 'payment provider simulator' },
  carrier: { urlVariable: 'CARRIER_URL', what: 'carrier simulator' },
  notification_provider: { urlVariable: 'NOTIFICATION_PROVIDER_URL', what: 'notification provider simulator' },
  ml_advisor: { urlVariable: 'ML_ADVISOR_URL', what: 'ML advisor' },
} as const;
export type RemoteFaultDependency = keyof typeof REMOTE_FAULTS;

/**
 * Faults the gateway applies itself, around its own calls: its product reads from inventory
 * (inventory has no fault switch of its own) and its Redis product cache.
 */
export const LOCAL_FAULT_DEPENDENCIES = ['inventory_catalogue', 'cache'] as const;
export type LocalFaultDependency = (typeof LOCAL_FAULT_DEPENDENCIES)[number];

export const isLocalFaultDependency = (d: FaultDependency): d is LocalFaultDependency =>
  (LOCAL_FAULT_DEPENDENCIES as readonly string[]).includes(d);
