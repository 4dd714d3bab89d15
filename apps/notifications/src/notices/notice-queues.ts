import { BullModule, getQueueToken } from '@nestjs/bull';
import type { FactoryProvider } from '@nestjs/common';
import type { Queue } from 'bull';

import { NOTICE_COMPARTMENTS, NoticeCompartment, noticeQueueName } from './notice-kind';
import { NOTICE_BACKOFF, noticeRetryDelayMs } from './notices.constants';

/** A delivery job: the notice's idempotency key (its row holds the rest). */
export interface NoticeJob {
  idempotencyKey: string;
  /** W3C traceparent of the saga step that queued it: the delivery continues that trace. */
  traceparent?: string;
}

export type NoticeQueues = Record<NoticeCompartment, Queue<NoticeJob>>;

/** Injection token of the compartments' notice queues, by compartment. */
export const NOTICE_QUEUES = Symbol('NOTICE_QUEUES');

/** One Bull queue per notice compartment, with the capped, jittered retry backoff. */
export const noticeQueuesModule = BullModule.registerQueue(
  ...NOTICE_COMPARTMENTS.map((compartment) => ({
    name: noticeQueueName(compartment),
    settings: { backoffStrategies: { [NOTICE_BACKOFF]: (attemptsMade: number) => noticeRetryDelayMs(attemptsMade) } },
  })),
);

export const noticeQueuesProvider: FactoryProvider<NoticeQueues> = {
  provide: NOTICE_QUEUES,
  inject: NOTICE_COMPARTMENTS.map((compartment) => getQueueToken(noticeQueueName(compartment))),
  useFactory: (...queues: Queue<NoticeJob>[]) =>
    Object.fromEntries(NOTICE_COMPARTMENTS.map((compartment, i) => [compartment, queues[i]])) as NoticeQueues,
};
