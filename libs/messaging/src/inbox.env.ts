import { IsInt, Min } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin pattern needs any[] constructor arguments
type EnvClass = new (...args: any[]) => object;

/** Default inbox retention: twice Kafka's default topic retention of 7 days. */
export const DEFAULT_INBOX_RETENTION_HOURS = 14 * 24;

/**
 * Adds the inbox's setting to an app's env class: every app that consumes messages through the
 * inbox validates it at start-up (`class OrdersEnv extends WithInboxEnv(MysqlServiceEnv)`).
 */
export function WithInboxEnv<Base extends EnvClass>(base: Base) {
  class InboxEnv extends base {
    /**
     * How long a consumed message id stays in the inbox (`processed_messages`), i.e. the window in
     * which a redelivery is recognised. Keep it above the topics' retention (Kafka's default is 7
     * days): a message older than the window could otherwise be delivered and applied again.
     */
    @IsInt()
    @Min(1)
    INBOX_RETENTION_HOURS: number = DEFAULT_INBOX_RETENTION_HOURS;
  }
  return InboxEnv;
}
