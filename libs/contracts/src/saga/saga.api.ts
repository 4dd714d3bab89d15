import { DeadLetterMessage, OrderStatus, SagaStatus, StepState } from './saga.messages';

/** Request-reply payloads between the gateway and the services. Errors travel as values. */

export interface ApiError {
  /** VALIDATION, UNKNOWN_SKU, IDEMPOTENCY_CONFLICT, NOT_FOUND, … */
  code: string;
  message: string;
  /** The request field the error is about, when there is one. */
  field?: string;
}
/**
 * A request-reply answer. (The success field is `data`, not `value`: Nest's Kafka serializer
 * takes an object with a `value` key for a raw Kafka message and would unwrap it.)
 */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface ProductLookupRequest {
  skus: string[];
}
export interface ProductInfo {
  sku: string;
  name: string;
  species: string;
  category: string;
  price: number;
  currency: string;
  weightKg: number;
  available: number;
  reserved: number;
  sold: number;
}
export interface ProductLookupReply {
  products: ProductInfo[];
  unknown: string[];
}

export interface ShippingAddress {
  name: string;
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface PlaceOrderRequest {
  idempotencyKey: string;
  /** sha256 of the canonical request body: same key with another body is a conflict. */
  requestHash: string;
  customerId: string;
  paymentMethod: string;
  shippingAddress: ShippingAddress;
  lines: { sku: string; name: string; quantity: number; unitPrice: number; weightKg: number }[];
  currency: string;
}
export interface PlaceOrderReply {
  orderId: string;
  sagaId: string;
  /** True when the key had been seen: the existing order is returned. */
  replayed: boolean;
}

export interface StepPhaseView {
  state: StepState;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
}
export interface SagaStepView extends StepPhaseView {
  step: number;
  name: string;
  compensation: StepPhaseView | null;
}
export interface SagaView {
  sagaId: string;
  orderId: string;
  status: SagaStatus;
  currentStep: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  steps: SagaStepView[];
}
/** An order as the API answers it; money in whole cents of `currency`, as in every answer. */
export interface OrderView {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  currency: string;
  itemsTotal: number;
  shippingCost: number | null;
  shippingFallback: boolean;
  total: number | null;
  paymentMethod: string;
  chargeId: string | null;
  shippingAddress: ShippingAddress;
  lines: { sku: string; name: string; quantity: number; unitPrice: number }[];
  createdAt: string;
  updatedAt: string;
  saga: SagaView;
}

export interface ListSagasRequest {
  status?: SagaStatus;
  limit?: number;
}
export interface SagaSummary {
  sagaId: string;
  orderId: string;
  status: SagaStatus;
  currentStep: number;
  updatedAt: string;
}

/** A dead letter as orders keeps it: the message, when it arrived, and its replays. */
export interface DeadLetterView extends DeadLetterMessage {
  receivedAt: string;
  replayedAt: string | null;
  replayCount: number;
}
