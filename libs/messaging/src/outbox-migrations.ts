import { Outbox1732600000001 } from './outbox.migration';
import { OutboxDeadline1766000000000 } from './outbox-deadline.migration';
import { OutboxTraceContext1765000000000 } from './outbox-trace.migration';

/** The outbox table as the relay reads it today, in order: what every database with an outbox runs. */
export const OUTBOX_MIGRATIONS = [Outbox1732600000001, OutboxTraceContext1765000000000, OutboxDeadline1766000000000];
