import { EntityManager } from 'typeorm';

/**
 * The inbox half of an idempotent consumer: records `messageId` in `processed_messages` within the
 * caller's transaction. Returns false when the id was already recorded (a redelivery), in which
 * case the caller must not apply the message's effect again.
 */
export async function recordIncomingMessage(
  manager: EntityManager,
  messageId: string,
  topic: string,
): Promise<boolean> {
  const result = await manager.query<{
    affectedRows: number;
  }>('INSERT IGNORE INTO processed_messages (message_id, topic) VALUES (?, ?)', [messageId, topic]);
  return result.affectedRows === 1;
}
