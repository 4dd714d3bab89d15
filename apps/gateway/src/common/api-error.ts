import { HttpStatus } from '@nestjs/common';

/** The body of every error the gateway answers with. */
export interface ApiErrorBody {
  statusCode: number;
  /** Reason phrase of the status, e.g. `Bad Request`, or a domain error code, e.g. `UNKNOWN_SKU`. */
  error: string;
  message: string;
  /** The request field at fault (validation errors), as a dotted path: `items.0.quantity`. */
  field?: string;
  /** Only for unexpected errors: quote it to find the logged stack. */
  errorId?: string;
  /** The request's correlation id, also in the `x-request-id` response header. */
  requestId: string;
}

/** `Bad Request` for 400, `Too Many Requests` for 429, … (Nest's enum keys, re-cased). */
export function reasonPhrase(status: number): string {
  const key = HttpStatus[status] as string | undefined;
  if (!key) return status >= 500 ? 'Server Error' : 'Error';
  return key
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

export function apiErrorBody(
  status: number,
  message: string,
  requestId: string,
  extra: Pick<ApiErrorBody, 'field' | 'errorId'> & { code?: string } = {},
): ApiErrorBody {
  return {
    statusCode: status,
    error: extra.code ?? reasonPhrase(status),
    message,
    ...(extra.field ? { field: extra.field } : {}),
    ...(extra.errorId ? { errorId: extra.errorId } : {}),
    requestId,
  };
}
