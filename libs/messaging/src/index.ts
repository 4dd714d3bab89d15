// Public entry of @shop/messaging: the transactional outbox, the idempotent-consumer inbox and
// message handling (retries, dead letters) shared by every service that consumes saga commands or order events.
export type { IncomingMessage } from './command-handling';
export {
  handleCommandWithRetries,
  handleMessageWithRetries,
  MessageNotAppliedError,
  replyTo,
} from './command-handling';
export { InboxPruner } from './inbox.pruner';
export { consumeOrderCompleted } from './order-completed.consumer';
export { Outbox1732600000001 } from './outbox.migration';
export { OutboxModule } from './outbox.module';
export type { OutgoingMessage } from './outbox.relay';
export { enqueueMessage, OutboxRelay, recordIncomingMessage } from './outbox.relay';
export { OutboxTraceContext1765000000000 } from './outbox-trace.migration';
