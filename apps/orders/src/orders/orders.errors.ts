import { ApiError } from '@shop/contracts';

/** A domain error with a code the gateway maps to HTTP (see apps/gateway/src/orders). */
export class OrderDomainError extends Error {
  constructor(
    readonly code: 'IDEMPOTENCY_CONFLICT' | 'NOT_FOUND' | 'VALIDATION' | 'TIMEOUT',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}
