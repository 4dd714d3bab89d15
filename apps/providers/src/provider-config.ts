import { DEFAULT_DECLINE_ABOVE } from './payment/payment.provider';
import { PROVIDER_KINDS, ProviderKind } from './provider';

/** Process configuration, read once from the environment at start-up. */
export interface ProviderConfig {
  kind: ProviderKind;
  port: number;
  adminApiKey: string;
  /** Interface to bind; 127.0.0.1 by default (set HOST=0.0.0.0 to reach it from containers). */
  host: string;
  /** payment only. */
  declineAbove: number;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown when the environment is unusable; lists every bad variable, not just the first. */
export class ProviderConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid configuration: ${problems.map((problem) => `${problem.variable} ${problem.message}`).join('; ')}`);
    this.name = 'ProviderConfigError';
  }
}

export const isProviderConfigError = (error: unknown): error is ProviderConfigError =>
  error instanceof ProviderConfigError;

const show = (value: string) => JSON.stringify(value);

/**
 * Validates PROVIDER_KIND, PORT, ADMIN_API_KEY (required), HOST (optional) and, for the
 * payment kind only, DECLINE_ABOVE (optional, default 1000.00).
 */
export function loadProviderConfig(env: NodeJS.ProcessEnv): ProviderConfig {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });

  const kindValue = env.PROVIDER_KIND?.trim();
  if (!kindValue) problem('PROVIDER_KIND', `is required (one of ${PROVIDER_KINDS.join('|')})`);
  else if (!PROVIDER_KINDS.includes(kindValue as ProviderKind)) {
    problem('PROVIDER_KIND', `must be one of ${PROVIDER_KINDS.join('|')} (got ${show(kindValue)})`);
  }

  const portValue = env.PORT?.trim();
  const port = Number(portValue);
  if (!portValue) problem('PORT', 'is required (0..65535)');
  else if (!/^\d+$/.test(portValue) || port > 65535)
    problem('PORT', `must be an integer 0..65535 (got ${show(portValue)})`);

  const adminApiKey = env.ADMIN_API_KEY ?? '';
  if (adminApiKey.trim() === '') problem('ADMIN_API_KEY', 'is required (non-empty)');

  const host = env.HOST?.trim() || '127.0.0.1';

  let declineAbove = DEFAULT_DECLINE_ABOVE;
  const declineValue = env.DECLINE_ABOVE?.trim();
  // Checked only when it matters: a carrier does not care about a payment limit.
  if (kindValue === 'payment' && declineValue) {
    declineAbove = Number(declineValue);
    if (!/^\d+(\.\d{1,2})?$/.test(declineValue) || !(declineAbove > 0)) {
      problem('DECLINE_ABOVE', `must be a positive amount with at most 2 decimals (got ${show(declineValue)})`);
    }
  }

  if (problems.length > 0) throw new ProviderConfigError(problems);
  return { kind: kindValue as ProviderKind, port, adminApiKey, host, declineAbove };
}
