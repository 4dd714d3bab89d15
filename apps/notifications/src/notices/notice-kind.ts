import type { CompartmentName } from '@shop/contracts';

/** What a notice is about; stored in `notifications.kind`. */
export type NoticeKind = 'CONFIRMATION' | 'CANCELLATION' | 'FOLLOW_UP';

/**
 * The compartments notices are delivered in. Confirmations and cancellations tell a customer
 * about their money and are `critical`; the follow-up after a completed order is `background`.
 * (`important` has no notices.) Each has a Bull queue with workers of its own, so a backlog of
 * follow-ups never delays a confirmation.
 */
export const NOTICE_COMPARTMENTS = ['critical', 'background'] as const satisfies readonly CompartmentName[];
export type NoticeCompartment = (typeof NOTICE_COMPARTMENTS)[number];

export const NOTICE_COMPARTMENT: Record<NoticeKind, NoticeCompartment> = {
  CONFIRMATION: 'critical',
  CANCELLATION: 'critical',
  FOLLOW_UP: 'background',
};

/** The Bull queue of a compartment's notices waiting for the notification provider. */
export const noticeQueueName = (compartment: NoticeCompartment): string => `notices-${compartment}`;

/** The idempotency key of a notice: the provider delivers each key once. */
export const noticeKey = (kind: NoticeKind, id: string): string =>
  `${kind === 'FOLLOW_UP' ? 'follow-up' : kind.toLowerCase()}-${id}`;
