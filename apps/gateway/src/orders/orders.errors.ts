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
import { ApiError } from '@shop/contracts';

/**
 * Maps a service's error value to HTTP, keeping the field it names:
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
