import { Logger } from '@nestjs/common';
import { ApiError, ApiResult } from '@shop/contracts';

/**
 * An error a service answers a request-reply with, as a value the asker understands: a code
 * (mapped to HTTP once, by {@link httpErrorFor}), a message, and the request field at fault.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

const logger = new Logger('RequestReply');

/**
 * The answering side of a request-reply: runs `work` and wraps its value as `{ ok: true, data }`;
 * a {@link DomainError} travels as `{ ok: false, error }`, anything else as INTERNAL (logged here,
 * never shown to the asker).
 */
export async function asResult<T>(work: () => T | Promise<T>): Promise<ApiResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.toApiError() };
    logger.error({ msg: 'request failed', error: (error as Error).message });
    return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
  }
}
