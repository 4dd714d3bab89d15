// Public entry of @shop/messaging: the transactional outbox, the idempotent-consumer inbox and
// saga-command handling shared by every service that takes part in the order saga.
export { enqueueMessage, OutboxRelay, recordIncomingMessage } from './outbox.relay';
export type { OutgoingMessage } from './outbox.relay';
export { OutboxModule } from './outbox.module';
export { Outbox1732600000001 } from './outbox.migration';
export { handleCommandWithRetries, replyTo } from './command-handling';
