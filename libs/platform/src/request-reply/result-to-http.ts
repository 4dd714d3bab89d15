import {
  BadRequestException,
  ConflictException,
  GatewayTimeoutException,
  HttpException,
  HttpStatus,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiError, ApiResult } from '@shop/contracts';

/**
 * The one place a service's error value becomes HTTP (the codes of `DomainError`s and of
 * the gateway's own checks), keeping the field it names:
 * VALIDATION → 400, NOT_FOUND → 404, IDEMPOTENCY_CONFLICT → 409, UNKNOWN_SKU → 422, TIMEOUT (the
 * service ran out of its time, e.g. a report) → 504, else 503.
 */
export function httpErrorFor(error: ApiError): HttpException {
  const body = { error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  switch (error.code) {
    case 'VALIDATION':
      return new BadRequestException(body);
    case 'NOT_FOUND':
      return new NotFoundException(body);
    case 'IDEMPOTENCY_CONFLICT':
      return new ConflictException(body);
    case 'UNKNOWN_SKU':
      return new UnprocessableEntityException(body);
    case 'TIMEOUT':
      return new GatewayTimeoutException(body);
    default:
      return new ServiceUnavailableException(body);
  }
}

/** A backend that did not answer in time: 503, saying which. */
export function unavailable(what: string, error: unknown): HttpException {
  const reason = error instanceof Error ? error.message : String(error);
  return new HttpException(
    { error: 'UNAVAILABLE', message: `${what} did not answer: ${reason}` },
    HttpStatus.SERVICE_UNAVAILABLE,
  );
}

/**
 * The asking side of a request-reply: the data of its {@link ApiResult}, or its error value as
 * HTTP. A request that got no answer is 503 naming `service`, unless `passThrough` claims the
 * error (the caller's own time limit answers it).
 */
export async function resultOf<T>(
  service: string,
  reply: Promise<ApiResult<T>>,
  passThrough: (error: unknown) => boolean = () => false,
): Promise<T> {
  let result: ApiResult<T>;
  try {
    result = await reply;
  } catch (error) {
    if (error instanceof HttpException || passThrough(error)) throw error;
    throw unavailable(service, error);
  }
  if (!result.ok) throw httpErrorFor(result.error);
  return result.data;
}
