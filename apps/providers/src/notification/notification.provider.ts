import { randomUUID } from 'node:crypto';

import { HttpError } from '../http/http-error';
import type { RouteResponse } from '../http/router';
import { readEnum, readOptionalString, readString, requireObject } from '../http/validation';
import type { Provider } from '../provider';

/** Simulated notification provider (email and SMS) that delivers each idempotency key once. */

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface DeliveredMessage {
  messageId: string;
  status: 'sent';
  channel: Channel;
  to: string;
  subject?: string;
  body: string;
  idempotencyKey: string;
  sentAt: string;
  /** Times the message reached the recipient: 1 by construction, exposed so tests can prove it. */
  deliveries: number;
  /** POST /messages carrying this key; > 1 means retries were deduplicated. */
  requests: number;
}

const RECIPIENT_RULES: Record<Channel, { pattern: RegExp; patternHint: string }> = {
  email: { pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, patternHint: 'an email address for channel email' },
  sms: { pattern: /^\+[1-9][0-9]{6,14}$/, patternHint: 'an E.164 phone number (+4915112345678) for channel sms' },
};

export function createNotificationProvider(): Provider {
  const messagesByKey = new Map<string, DeliveredMessage>();

  function sendMessage(body: unknown): RouteResponse {
    const input = requireObject(body);
    const channel = readEnum(input, 'channel', CHANNELS);
    const to = readString(input, 'to', { maxLength: 320, ...RECIPIENT_RULES[channel] });
    const subject = readOptionalString(input, 'subject', { maxLength: 200 });
    const text = readString(input, 'body', { maxLength: 10_000 });
    const idempotencyKey = readString(input, 'idempotencyKey', { maxLength: 255 });

    const existing = messagesByKey.get(idempotencyKey);
    if (existing) {
      if (
        existing.channel !== channel ||
        existing.to !== to ||
        existing.body !== text ||
        existing.subject !== subject
      ) {
        throw new HttpError(409, {
          error: 'idempotency_conflict',
          field: 'idempotencyKey',
          message: `idempotencyKey was already used for a different message (${existing.messageId})`,
        });
      }
      // A retry: answer as before, deliver nothing.
      existing.requests++;
      return { status: 202, body: { messageId: existing.messageId, status: existing.status } };
    }

    const message: DeliveredMessage = {
      messageId: `msg_${randomUUID()}`,
      status: 'sent',
      channel,
      to,
      ...(subject !== undefined ? { subject } : {}),
      body: text,
      idempotencyKey,
      sentAt: new Date().toISOString(),
      deliveries: 1,
      requests: 1,
    };
    messagesByKey.set(idempotencyKey, message);
    return { status: 202, body: { messageId: message.messageId, status: message.status } };
  }

  function listMessages(query: URLSearchParams): RouteResponse {
    const idempotencyKey = query.get('idempotencyKey');
    const to = query.get('to');
    const messages = [...messagesByKey.values()].filter(
      (message) =>
        (idempotencyKey === null || message.idempotencyKey === idempotencyKey) && (to === null || message.to === to),
    );
    return { status: 200, body: { messages } };
  }

  return {
    kind: 'notification',
    routes: [
      { method: 'POST', path: '/messages', faultable: true, handle: ({ body }) => sendMessage(body) },
      { method: 'GET', path: '/messages', admin: true, handle: ({ query }) => listMessages(query) },
    ],
    records() {
      const messages = [...messagesByKey.values()];
      const requests = messages.reduce((sum, message) => sum + message.requests, 0);
      return {
        messages: messages.length,
        deliveries: messages.reduce((sum, message) => sum + message.deliveries, 0),
        duplicateMessageRequests: requests - messages.length,
      };
    },
    reset() {
      messagesByKey.clear();
    },
  };
}
