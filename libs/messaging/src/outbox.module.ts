import { Global, Module } from '@nestjs/common';

import { InboxPruner } from './inbox.pruner';
import { OutboxRelay } from './outbox.relay';

/** The transactional outbox and its relay to Kafka (see outbox.relay.ts), and the inbox's pruning (inbox.pruner.ts). */
@Global()
@Module({
  providers: [OutboxRelay, InboxPruner],
  exports: [OutboxRelay],
})
export class OutboxModule {}
