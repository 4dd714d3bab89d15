// Public entry of @shop/messaging: the transactional outbox, the idempotent-consumer inbox and
// message handling (retries, dead letters) shared by every service that consumes saga commands or order events.
export type { IncomingMessage } from './command-handling';
export {
  handleCommandWithRetries,
  handleMessageWithRetries,
  MessageNotAppliedError,
  replyTo,
} from './command-handling';
export { recordIncomingMessage } from './inbox';
export { DEFAULT_INBOX_RETENTION_HOURS, WithInboxEnv } from './inbox.env';
export { ProcessedMessages1732500000000 } from './inbox.migration';
export { InboxPruner } from './inbox.pruner';
export { ProcessedMessagesByTime1732500000001 } from './inbox-by-time.migration';
export type { MessagingServiceOptions } from './messaging-service.module';
export { messagingServiceModule } from './messaging-service.module';
export { consumeOrderCompleted } from './order-completed.consumer';
export { Outbox1732600000001 } from './outbox.migration';
export { OutboxModule } from './outbox.module';
export type { OutgoingMessage } from './outbox.relay';
export { enqueueMessage, OutboxRelay } from './outbox.relay';
export { OutboxDeadline1766000000000 } from './outbox-deadline.migration';
export { OUTBOX_MIGRATIONS } from './outbox-migrations';
export { OutboxTraceContext1765000000000 } from './outbox-trace.migration';
