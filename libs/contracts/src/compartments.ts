/**
 * Compartments: the priority classes a service's work is split into, most important first.
 * `critical` is money (orders, payments, the notices that confirm them), `important` what a shop
 * needs to be browsable (inventory, catalogue), `background` what is nice to have (reports,
 * recommendations, follow-up mail). Each compartment gets capacity of its own (a bulkhead, a Bull
 * queue with its own workers) so a flood in one never starves another.
 */
export const COMPARTMENTS = ['critical', 'important', 'background'] as const;
export type CompartmentName = (typeof COMPARTMENTS)[number];

/**
 * The bulkhead lane a compartment's calls use where compartments share a bulkhead (a priority of
 * @shop/resilience's bulkhead, which knows nothing of compartments).
 */
export const COMPARTMENT_PRIORITY: Record<CompartmentName, 'critical' | 'high' | 'normal' | 'low'> = {
  critical: 'critical',
  important: 'high',
  background: 'low',
};

/**
 * The metrics of a service's compartmented job queues (Bull), a contract between the service
 * that exports them (notifications) and the gateway's dashboard that reads them:
 * `compartment_queue_jobs{queue,compartment,state}` and `compartment_queue_workers{queue,compartment}`.
 */
export const COMPARTMENT_QUEUE_METRICS = {
  jobs: 'compartment_queue_jobs',
  workers: 'compartment_queue_workers',
} as const;
/** The job states `compartment_queue_jobs` counts. */
export const COMPARTMENT_QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
