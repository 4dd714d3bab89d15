import { randomUUID } from 'node:crypto';

import { CATALOGUE_REQUESTS, PRODUCT_ID_PATTERN } from '../catalogue/catalogue.topics';
import { ORDER_EVENT_TOPIC, ORDER_EVENTS_CONTRACT_VERSION, orderCompletedEventId } from '../orders/order-events';
import { REPORT_REQUESTS } from '../reports/reports.topics';
import { resilienceSettingsTopic, resilienceUpdateTopic } from '../resilience/resilience-settings.topics';
import { SAGA_CONTRACT_VERSION } from '../saga/saga.messages';
import { SAGA_REQUESTS, SAGA_TOPIC } from '../saga/saga.topics';
import { BACKEND_SERVICES } from '../services';
import { GATEWAY_REPLY_TOPIC } from '../topic-spec';
import { statusTopic } from '../topics';

/**
 * The largest Kafka message value a consumer reads. The biggest real message is an order placed
 * through the gateway, whose body is capped at 64 kB; anything past this is refused unread.
 */
export const KAFKA_MESSAGE_MAX_BYTES = 256 * 1024;

/** A JSON Schema (draft 2020-12 subset that Ajv compiles), kept as plain data in the contract. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** What a consumer accepts on one topic, checked at the edge before any handler runs. */
export interface MessageContract {
  /** The message value, once parsed as JSON. */
  schema: JsonSchema;
  /**
   * The contract's version: a value whose `version` differs is refused as UNKNOWN_VERSION.
   * Unversioned contracts (request-reply payloads) are closed instead, so a stray `version` key
   * is refused as a wrong shape.
   */
  version?: number;
  /** Whether a value may be absent: Nest's error and dispose replies carry none. */
  nullable?: true;
  /** A valid message, with fresh ids: the poison e2e test sends it after the poison. */
  example: () => unknown;
}

const text = (maxLength: number, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  minLength: 1,
  maxLength,
  ...extra,
});
const ID = text(64);
const MESSAGE_ID = text(160);
const INSTANT = text(40, { pattern: '^\\d{4}-\\d{2}-\\d{2}' });
const COUNT = { type: 'integer', minimum: 0 };

/** A closed object: every property named, `required` listed. */
function closed(properties: Record<string, unknown>, required: string[] = Object.keys(properties)): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

function sagaCommand(actions: string[]): JsonSchema {
  return {
    type: 'object',
    required: ['version', 'messageId', 'sagaId', 'orderId', 'step', 'action', 'attempt', 'sentAt', 'payload'],
    properties: {
      version: { const: SAGA_CONTRACT_VERSION },
      messageId: MESSAGE_ID,
      sagaId: ID,
      orderId: ID,
      step: { type: 'integer', minimum: 1, maximum: 20 },
      action: { enum: actions },
      attempt: { type: 'integer', minimum: 0 },
      sentAt: INSTANT,
      payload: { type: 'object' },
    },
  };
}

function aCommand(action: string, step: number, payload: object) {
  const sagaId = randomUUID();
  return {
    version: SAGA_CONTRACT_VERSION,
    messageId: `${sagaId}/${step}/c`,
    sagaId,
    orderId: randomUUID(),
    step,
    action,
    attempt: 1,
    sentAt: new Date().toISOString(),
    payload,
  };
}

const REQUEST_CONTRACTS: [string, MessageContract][] = [
  ...BACKEND_SERVICES.map((service): [string, MessageContract] => [
    statusTopic(service),
    { schema: closed({ sentAt: INSTANT }), example: () => ({ sentAt: new Date().toISOString() }) },
  ]),
  ...BACKEND_SERVICES.flatMap((service): [string, MessageContract][] => [
    [resilienceSettingsTopic(service), { schema: closed({}), example: () => ({}) }],
    [
      resilienceUpdateTopic(service),
      {
        // The envelope only: the patch's keys and values are the owning app's to judge (with the
        // schema of config/resilience.yaml), so a bad setting is answered naming it, not dead-lettered.
        schema: closed({ dependency: text(64), patch: { type: 'object' } }),
        // No app has this dependency: the answer is NOT_FOUND, and no setting changes.
        example: () => ({ dependency: 'kafka-contract-example', patch: {} }),
      },
    ],
  ]),
  [
    SAGA_REQUESTS.lookupProducts,
    {
      schema: closed({ skus: { type: 'array', maxItems: 1000, items: text(64) } }),
      example: () => ({ skus: ['DOG-FOOD-12KG'] }),
    },
  ],
  [
    SAGA_REQUESTS.placeOrder,
    {
      schema: closed({
        idempotencyKey: text(128),
        requestHash: text(128),
        customerId: ID,
        paymentMethod: text(32),
        shippingAddress: { type: 'object' },
        currency: text(3),
        lines: {
          type: 'array',
          minItems: 1,
          maxItems: 1000,
          items: closed({
            sku: text(64),
            name: text(200),
            quantity: { type: 'integer', minimum: 1 },
            unitPrice: { type: 'number', minimum: 0 },
            weightKg: { type: 'number', minimum: 0 },
          }),
        },
      }),
      example: () => ({
        idempotencyKey: `kafka-contract-${randomUUID()}`,
        requestHash: randomUUID(),
        customerId: 'kafka-contract-example',
        paymentMethod: 'card',
        shippingAddress: { name: 'Ada', street: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        currency: 'EUR',
        lines: [{ sku: 'DOG-FOOD-12KG', name: 'Dog food 12 kg', quantity: 1, unitPrice: 54.9, weightKg: 12 }],
      }),
    },
  ],
  [
    CATALOGUE_REQUESTS.product,
    {
      schema: closed({ sku: text(64, { pattern: PRODUCT_ID_PATTERN.source }) }),
      example: () => ({ sku: 'DOG-BED-L' }),
    },
  ],
  [SAGA_REQUESTS.getOrder, { schema: closed({ orderId: text(64) }), example: () => ({ orderId: randomUUID() }) }],
  [
    SAGA_REQUESTS.listSagas,
    {
      schema: closed({ status: text(32), limit: { type: 'integer', minimum: 1, maximum: 1000 } }, []),
      example: () => ({ limit: 1 }),
    },
  ],
  [SAGA_REQUESTS.getSaga, { schema: closed({ sagaId: text(64) }), example: () => ({ sagaId: randomUUID() }) }],
  [SAGA_REQUESTS.listDeadLetters, { schema: closed({}), example: () => ({}) }],
  [
    SAGA_REQUESTS.replayDeadLetter,
    { schema: closed({ id: text(160) }), example: () => ({ id: `no-such-letter-${randomUUID()}` }) },
  ],
  [
    REPORT_REQUESTS.sales,
    {
      schema: closed({ from: INSTANT, to: INSTANT, replyBy: INSTANT }, ['from', 'to']),
      example: () => ({ from: '2026-01-01', to: '2026-01-02' }),
    },
  ],
];

/** A dead letter, as `handleMessageWithRetries` and the poison guard publish it. */
const DEAD_LETTER_SCHEMA = closed(
  {
    id: text(160),
    service: text(32),
    originalTopic: text(249),
    originalKey: { anyOf: [text(128), { type: 'null' }] },
    payload: {},
    error: { type: 'string', maxLength: 4000 },
    attempts: COUNT,
    failedAt: INSTANT,
  },
  ['id', 'service', 'originalTopic', 'originalKey', 'error', 'attempts', 'failedAt'],
);

const EVENT_CONTRACTS: [string, MessageContract][] = [
  [
    SAGA_TOPIC.inventoryCommands,
    {
      version: SAGA_CONTRACT_VERSION,
      schema: sagaCommand(['RESERVE_STOCK', 'RELEASE_STOCK', 'COMMIT_STOCK']),
      example: () => aCommand('RELEASE_STOCK', 2, {}),
    },
  ],
  [
    SAGA_TOPIC.paymentCommands,
    {
      version: SAGA_CONTRACT_VERSION,
      schema: sagaCommand(['CHARGE_PAYMENT', 'REFUND_PAYMENT']),
      example: () => aCommand('REFUND_PAYMENT', 4, {}),
    },
  ],
  [
    SAGA_TOPIC.notificationCommands,
    {
      version: SAGA_CONTRACT_VERSION,
      schema: sagaCommand(['SEND_ORDER_CONFIRMATION', 'SEND_CANCELLATION_NOTICE']),
      example: () => aCommand('SEND_CANCELLATION_NOTICE', 6, { customerId: 'c-1', total: 10, currency: 'EUR' }),
    },
  ],
  [
    SAGA_TOPIC.replies,
    {
      version: SAGA_CONTRACT_VERSION,
      schema: {
        type: 'object',
        required: ['version', 'messageId', 'commandId', 'sagaId', 'step', 'action', 'outcome', 'service', 'repliedAt'],
        properties: {
          version: { const: SAGA_CONTRACT_VERSION },
          messageId: MESSAGE_ID,
          commandId: MESSAGE_ID,
          sagaId: ID,
          step: { type: 'integer', minimum: 1, maximum: 20 },
          action: text(32),
          outcome: { enum: ['SUCCEEDED', 'FAILED', 'PENDING'] },
          errorCode: text(64),
          error: { type: 'string', maxLength: 4000 },
          data: { type: 'object' },
          service: text(32),
          repliedAt: INSTANT,
        },
      },
      example: () => {
        const sagaId = randomUUID();
        return {
          version: SAGA_CONTRACT_VERSION,
          messageId: `${sagaId}/2/a/SUCCEEDED`,
          commandId: `${sagaId}/2/a`,
          sagaId,
          step: 2,
          action: 'RESERVE_STOCK',
          outcome: 'SUCCEEDED',
          service: 'inventory',
          repliedAt: new Date().toISOString(),
        };
      },
    },
  ],
  [
    SAGA_TOPIC.deadLetters,
    {
      schema: DEAD_LETTER_SCHEMA,
      example: () => ({
        id: `contract-example:${randomUUID()}`,
        service: 'contracts',
        originalTopic: SAGA_TOPIC.inventoryCommands,
        originalKey: null,
        payload: { example: true },
        error: 'an example dead letter',
        attempts: 1,
        failedAt: new Date().toISOString(),
      }),
    },
  ],
  [
    ORDER_EVENT_TOPIC.completed,
    {
      version: ORDER_EVENTS_CONTRACT_VERSION,
      // The deeper checks (id patterns, line counts) are parseOrderCompleted's, run by consumers.
      schema: {
        type: 'object',
        required: ['version', 'eventId', 'orderId', 'customerId', 'lines', 'totalCents', 'completedAt'],
        properties: {
          version: { const: ORDER_EVENTS_CONTRACT_VERSION },
          eventId: MESSAGE_ID,
          orderId: ID,
          customerId: ID,
          lines: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'object' } },
          totalCents: COUNT,
          completedAt: INSTANT,
        },
      },
      example: () => {
        // Short enough that its event id (`order-completed/…`) passes parseOrderCompleted too.
        const orderId = `kc-${randomUUID()}`;
        return {
          version: ORDER_EVENTS_CONTRACT_VERSION,
          eventId: orderCompletedEventId(orderId),
          orderId,
          customerId: 'kafka-contract-example',
          lines: [{ sku: 'DOG-FOOD-12KG', quantity: 1, unitPriceCents: 5490 }],
          totalCents: 5490,
          completedAt: new Date().toISOString(),
        };
      },
    },
  ],
  [
    GATEWAY_REPLY_TOPIC,
    {
      nullable: true,
      // An ApiResult, a status reply (its `version` is the app's), or the expired-request answer.
      schema: {
        anyOf: [
          closed({ ok: { const: true }, data: {} }, ['ok']),
          closed({
            ok: { const: false },
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: text(64), message: { type: 'string' }, field: { type: 'string' } },
            },
          }),
          {
            type: 'object',
            required: ['name', 'version', 'status', 'uptimeSeconds', 'answeredAt'],
            properties: {
              name: text(32),
              version: text(64),
              status: text(16),
              uptimeSeconds: COUNT,
              answeredAt: INSTANT,
            },
          },
        ],
      },
      example: () => ({ ok: true, data: { example: true } }),
    },
  ],
];

/**
 * The contract of every topic of {@link TOPICS}, by topic name: what its consumers accept. A
 * consumer refuses anything else unread and dead-letters it with the reason (see the poison guard
 * in @shop/platform); a spec checks that every topic has one.
 */
export const MESSAGE_CONTRACTS: ReadonlyMap<string, MessageContract> = new Map([
  ...REQUEST_CONTRACTS,
  ...EVENT_CONTRACTS,
]);
