import { COMPARTMENT_PRIORITY, type CompartmentName, COMPARTMENTS, DEPENDENCIES } from '@shop/contracts';
import { type Priority } from '@shop/resilience';

// The compartment names and their lanes are shared with the other services (@shop/contracts).
export { COMPARTMENT_PRIORITY, type CompartmentName, COMPARTMENTS };

/** The resilience dependency holding a compartment's own bulkhead. */
export const compartmentDependency = (name: CompartmentName): string =>
  ({
    critical: DEPENDENCIES.COMPARTMENT_CRITICAL,
    important: DEPENDENCIES.COMPARTMENT_IMPORTANT,
    background: DEPENDENCIES.COMPARTMENT_BACKGROUND,
  })[name];
/** The bulkhead every route shares (with priority lanes when compartments are on). */
export const SHARED_CAPACITY = DEPENDENCIES.GATEWAY_CAPACITY;

/**
 * The compartment of a route that does not declare one, from its path: orders and payments are
 * critical (money), reports and recommendations background (nice to have), everything else
 * important. Operator and probe routes have none, so an overload never locks operators out.
 */
export function compartmentForPath(path: string): CompartmentName | undefined {
  if (/^\/(health|metrics|docs)(\/|$|-)/.test(path) || path.startsWith('/api/admin')) return undefined;
  if (/^\/api\/(orders|payments|checkout|sagas)(\/|$)/.test(path)) return 'critical';
  if (/^\/api\/(reports|recommendations)(\/|$)/.test(path)) return 'background';
  return 'important';
}

/**
 * Which bulkheads admit a request of `compartment` and at which priority. On: the compartment's
 * own bulkhead, then the shared capacity at the compartment's priority. Off: the shared
 * capacity only, one lane for all.
 */
export function compartmentAdmission(
  compartment: CompartmentName,
  enabled: boolean,
): { own: string | undefined; shared: string; priority: Priority } {
  return enabled
    ? { own: compartmentDependency(compartment), shared: SHARED_CAPACITY, priority: COMPARTMENT_PRIORITY[compartment] }
    : { own: undefined, shared: SHARED_CAPACITY, priority: 'normal' };
}
