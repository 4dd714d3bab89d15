import { DeadLetterMessage, KAFKA_MESSAGE_MAX_BYTES, MESSAGE_CONTRACTS, SAGA_TOPIC } from '@shop/contracts';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { EachMessagePayload, Producer } from 'kafkajs';

/** Why a message was refused at the edge: the prefix of its dead letter's `error`. */
export type PoisonReason = 'TOO_LARGE' | 'NOT_JSON' | 'UNKNOWN_VERSION' | 'INVALID_SHAPE' | 'NO_CONTRACT';

export type MessageVerdict = { ok: true } | { ok: false; reason: PoisonReason; detail: string };

/** How much of a refused message its dead letter keeps (the rest is only counted). */
const KEPT_CHARS = 2_048;

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>();

function validatorOf(topic: string): ValidateFunction | undefined {
  const cached = validators.get(topic);
  if (cached) return cached;
  const contract = MESSAGE_CONTRACTS.get(topic);
  if (!contract) return undefined;
  const validate = ajv.compile(contract.schema);
  validators.set(topic, validate);
  return validate;
}

/**
 * Checks one message value off the wire against its topic's contract (libs/contracts), before
 * Nest parses it or a handler sees it: its size, UTF-8 JSON, its version, its shape. The answer
 * names what is wrong, for the dead letter.
 */
export function inspectKafkaMessage(topic: string, value: Buffer | null): MessageVerdict {
  const contract = MESSAGE_CONTRACTS.get(topic);
  const validate = validatorOf(topic);
  if (!contract || !validate) return { ok: false, reason: 'NO_CONTRACT', detail: `no contract for topic ${topic}` };
  if (value === null || value.length === 0) {
    return contract.nullable ? { ok: true } : { ok: false, reason: 'NOT_JSON', detail: 'the message has no value' };
  }
  if (value.length > KAFKA_MESSAGE_MAX_BYTES)
    return { ok: false, reason: 'TOO_LARGE', detail: `${value.length} bytes, over ${KAFKA_MESSAGE_MAX_BYTES}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(value));
  } catch (error) {
    return { ok: false, reason: 'NOT_JSON', detail: (error as Error).message };
  }
  if (contract.version !== undefined) {
    const version = isObject(parsed) && Object.hasOwn(parsed, 'version') ? parsed.version : undefined;
    if (version !== contract.version)
      return {
        ok: false,
        reason: 'UNKNOWN_VERSION',
        detail: `version ${JSON.stringify(version) ?? 'missing'}, expected ${contract.version}`,
      };
  }
  if (!validate(parsed)) return { ok: false, reason: 'INVALID_SHAPE', detail: describe(validate.errors ?? []) };
  return { ok: true };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `lines/0/sku must be string; (root) must NOT have additional properties: version`, at most five. */
function describe(errors: ErrorObject[]): string {
  const problems = errors.map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath.slice(1);
    const extra = typeof e.params.additionalProperty === 'string' ? `: ${e.params.additionalProperty}` : '';
    return `${where} ${e.message ?? 'is invalid'}${extra}`;
  });
  // The branches of an `anyOf` often repeat one another's complaint.
  return [...new Set(problems)].slice(0, 5).join('; ');
}

/**
 * The dead letter of a refused message. Its id is the message's place in the log (topic,
 * partition, offset, timestamp), so a redelivery of the same message names the same letter and
 * the letter store keeps it once. It keeps the start of the raw value as text: the value may be
 * anything, and a replay of it would be refused again.
 */
export function poisonDeadLetter(
  service: string,
  payload: EachMessagePayload,
  verdict: Extract<MessageVerdict, { ok: false }>,
): DeadLetterMessage {
  const { topic, partition, message } = payload;
  const raw = message.value ?? Buffer.alloc(0);
  const key = message.key?.toString('utf8').slice(0, 128) ?? null;
  return {
    id: `poison:${service}:${topic}/${partition}@${message.offset}:${message.timestamp}`,
    service,
    originalTopic: topic,
    originalKey: key,
    payload: {
      partition,
      offset: message.offset,
      bytes: raw.length,
      // A lossy decoding: the letter must stay valid JSON, whatever the bytes were.
      start: new TextDecoder('utf-8').decode(raw.subarray(0, KEPT_CHARS)),
    },
    error: `${verdict.reason}: ${verdict.detail}`.slice(0, 4000),
    attempts: 1,
    failedAt: new Date().toISOString(),
  };
}

/** What the guard needs of its consumer: a name for the letters, a producer, a log line. */
export interface PoisonGuardOptions {
  service: string;
  producer: () => Pick<Producer, 'send'> | undefined | null;
  warn: (entry: Record<string, unknown>) => void;
  /** Runs after the letter is out, for a request whose asker waits for an answer. */
  onRefused?: (payload: EachMessagePayload, verdict: Extract<MessageVerdict, { ok: false }>) => Promise<void>;
}

/**
 * Wraps a consumer's `eachMessage`: a message its topic's contract refuses is published to
 * `saga.dead-letters` with the reason (where `orders` keeps it for operators) and counted as
 * handled, so the consumer goes on with the next one; anything else goes to `handle`. If the
 * letter cannot be published, the message is not handled (the error makes kafkajs deliver it
 * again): a poison message is never dropped unrecorded.
 */
export function guardAgainstPoison<R>(
  handle: (payload: EachMessagePayload) => Promise<R>,
  options: PoisonGuardOptions,
): (payload: EachMessagePayload) => Promise<R | undefined> {
  return async (payload) => {
    const verdict = inspectKafkaMessage(payload.topic, payload.message.value);
    if (verdict.ok) return handle(payload);
    const letter = poisonDeadLetter(options.service, payload, verdict);
    options.warn({ msg: 'poison message dead-lettered', topic: payload.topic, id: letter.id, error: letter.error });
    const producer = options.producer();
    if (!producer) throw new Error(`no producer to dead-letter ${letter.id}`);
    await producer.send({
      topic: SAGA_TOPIC.deadLetters,
      messages: [{ key: letter.originalKey, value: JSON.stringify(letter) }],
    });
    await options.onRefused?.(payload, verdict);
    return undefined;
  };
}
