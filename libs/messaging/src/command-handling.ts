import { Logger } from '@nestjs/common';
import { DeadLetterMessage, SAGA_CONTRACT_VERSION, SAGA_TOPIC, SagaCommand, SagaReply } from '@shop/contracts';
import { isTransientMysqlError } from '@shop/platform';

import { OutboxRelay } from './outbox.relay';

const ATTEMPTS = 4;
const BASE_DELAY_MS = 100;

/** A message a consumer applies, as its retries and its dead letter need to know it. */
export interface IncomingMessage {
  /** The message's idempotency key (also names its dead letter). */
  messageId: string;
  /** The Kafka key it came with, kept so a replay lands on the same partition. */
  key: string | null;
  payload: unknown;
  /** Extra fields for the retry warnings (an action, an order id). */
  logContext?: Record<string, unknown>;
}

/**
 * The message was not applied and must be delivered again: thrown to the Kafka consumer, which
 * then leaves its offset uncommitted and reads it again (kafkajs retries, then restarts the
 * consumer from the last committed offset), so the message is neither lost nor skipped.
 */
export class MessageNotAppliedError extends Error {
  constructor(
    readonly messageId: string,
    reason: string,
  ) {
    super(`message ${messageId} not applied, to be delivered again: ${reason}`);
  }
}

/**
 * Applies one message with local retries (exponential backoff with full jitter). What happens to
 * a message that still fails depends on why:
 * - its database is unreachable (or another transient MySQL failure): nothing was judged, so the
 *   message is delivered again rather than dead-lettered ({@link MessageNotAppliedError}); a
 *   consumer outlives an outage of its database and applies everything after;
 * - anything else: it goes to the dead-letter topic, published directly (the outbox shares the
 *   database), where `orders` keeps it for an operator to replay. If even that publish fails,
 *   the message is delivered again. It is never dropped.
 * `work` must be idempotent (an inbox), since a replay or a redelivery runs it again.
 */
export async function handleMessageWithRetries(
  service: string,
  topic: string,
  message: IncomingMessage,
  relay: OutboxRelay,
  logger: Logger,
  work: () => Promise<void>,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await work();
      relay.kick();
      return;
    } catch (error) {
      lastError = error;
      logger.warn({
        msg: 'message handling failed',
        topic,
        attempt,
        messageId: message.messageId,
        ...message.logContext,
        error: (error as Error).message,
      });
      if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, Math.random() * BASE_DELAY_MS * 2 ** attempt));
    }
  }
  if (isTransientMysqlError(lastError)) {
    throw new MessageNotAppliedError(message.messageId, `database unavailable: ${(lastError as Error).message}`);
  }
  const letter: DeadLetterMessage = {
    id: `${service}:${message.messageId}`,
    service,
    originalTopic: topic,
    originalKey: message.key,
    payload: message.payload,
    error: (lastError as Error)?.message ?? String(lastError),
    attempts: ATTEMPTS,
    failedAt: new Date().toISOString(),
  };
  try {
    await relay.publishNow({ topic: SAGA_TOPIC.deadLetters, key: letter.originalKey, payload: letter });
  } catch (error) {
    logger.error({ msg: 'could not publish a dead letter', id: letter.id, error: (error as Error).message });
    throw new MessageNotAppliedError(message.messageId, `dead letter not published: ${(error as Error).message}`);
  }
}

/**
 * Handles one saga command like {@link handleMessageWithRetries}: the orchestrator's own retries
 * and the operator's replay take it from there if it still fails.
 */
export function handleCommandWithRetries(
  service: string,
  topic: string,
  command: SagaCommand,
  relay: OutboxRelay,
  logger: Logger,
  work: () => Promise<void>,
): Promise<void> {
  const message = {
    messageId: command.messageId,
    key: command.sagaId ?? null,
    payload: command,
    logContext: { action: command.action },
  };
  return handleMessageWithRetries(service, topic, message, relay, logger, work);
}

/** A reply to `command`; its message id is unique per command and outcome. */
export function replyTo(
  command: SagaCommand,
  service: string,
  outcome: SagaReply['outcome'],
  extra: Partial<SagaReply> = {},
): SagaReply {
  return {
    version: SAGA_CONTRACT_VERSION,
    messageId: `${command.messageId}/${outcome}`,
    commandId: command.messageId,
    sagaId: command.sagaId,
    step: command.step,
    action: command.action,
    outcome,
    service,
    repliedAt: new Date().toISOString(),
    ...extra,
  };
}
