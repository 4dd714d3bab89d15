import { DomainError } from '@shop/platform';

/** The codes orders answers with; the gateway maps them to HTTP (`httpErrorFor` in @shop/platform). */
export type OrderErrorCode = 'IDEMPOTENCY_CONFLICT' | 'NOT_FOUND' | 'VALIDATION' | 'TIMEOUT';

export class OrderDomainError extends DomainError<OrderErrorCode> {}
