// Public entry of @shop/messaging: the transactional outbox, the idempotent-consumer inbox and
// message handling (retries, dead letters) shared by every service that consumes saga commands or order events.
export { enqueueMessage, OutboxRelay, recordIncomingMessage } from './outbox.relay';
export type { OutgoingMessage } from './outbox.relay';
export { OutboxModule } from './outbox.module';
export { InboxPruner } from './inbox.pruner';
export { Outbox1732600000001 } from './outbox.migration';
export { handleCommandWithRetries, handleMessageWithRetries, replyTo } from './command-handling';
export type { IncomingMessage } from './command-handling';
export { consumeOrderCompleted } from './order-completed.consumer';
