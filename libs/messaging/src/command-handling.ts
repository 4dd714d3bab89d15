import { Logger } from '@nestjs/common';
import { DeadLetterMessage, SAGA_CONTRACT_VERSION, SAGA_TOPIC, SagaCommand, SagaReply } from '@shop/contracts';
import { OutboxRelay } from './outbox.relay';

const ATTEMPTS = 4;
const BASE_DELAY_MS = 100;

/**
 * Handles one saga command with local retries (exponential backoff with full jitter). A command
 * that still fails goes to the dead-letter topic, published directly (the database may be what
 * failed), and is otherwise dropped: the orchestrator's own retries and the operator's replay
 * take it from there. Never throws, so the Kafka consumer moves on.
 */
export async function handleCommandWithRetries(
  service: string,
  topic: string,
  command: SagaCommand,
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
      logger.warn({ msg: 'saga command failed', attempt, messageId: command.messageId, action: command.action, error: (error as Error).message });
      if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, Math.random() * BASE_DELAY_MS * 2 ** attempt));
    }
  }
  const letter: DeadLetterMessage = {
    id: `${service}:${command.messageId}`,
    service,
    originalTopic: topic,
    originalKey: command.sagaId ?? null,
    payload: command,
    error: (lastError as Error)?.message ?? String(lastError),
    attempts: ATTEMPTS,
    failedAt: new Date().toISOString(),
  };
  await relay.publishNow({ topic: SAGA_TOPIC.deadLetters, key: letter.originalKey, payload: letter }).catch((error: Error) =>
    logger.error({ msg: 'could not publish a dead letter', id: letter.id, error: error.message }),
  );
}

/** A reply to `command`; its message id is unique per command and outcome. */
export function replyTo(command: SagaCommand, service: string, outcome: SagaReply['outcome'], extra: Partial<SagaReply> = {}): SagaReply {
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
