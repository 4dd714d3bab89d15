import { CORRELATION_ID_HEADER } from '@shop/contracts';
import { currentCorrelationId, currentTraceparent } from '@shop/platform';
import { DEADLINE_HEADER } from '@shop/resilience';
import { EntityManager, QueryRunner } from 'typeorm';

/** A message to publish once the transaction that wrote it commits. */
export interface OutgoingMessage {
  topic: string;
  key: string | null;
  payload: unknown;
  /**
   * When its sender stops waiting for it (sent as `x-deadline`): a consumer that reads it later
   * leaves it unhandled. Only for messages whose sender gives up on its own at that time.
   */
  deadlineAt?: Date | null;
}

/** An outbox row as written and as published. */
export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  correlation_id: string | null;
  /** The traceparent of the span that wrote the row (issue 16), continued when it is published. */
  trace_context: string | null;
  /** Epoch ms (BIGINT: a string when read back from MySQL), or NULL for no deadline. */
  deadline_at: number | string | null;
  created_at: Date | string;
}

/**
 * Rows written by transactions that have not ended yet, by the transaction's query runner: the
 * relay publishes them as soon as their transaction commits (and forgets them if it rolls back).
 */
const uncommitted = new WeakMap<QueryRunner, OutboxRow[]>();

/**
 * Writes `message` to the outbox table with `manager`, i.e. inside the caller's transaction:
 * the message exists if and only if the state change that produced it committed.
 */
export async function enqueueMessage(manager: EntityManager, message: OutgoingMessage): Promise<void> {
  const row = {
    topic: message.topic,
    message_key: message.key,
    payload: JSON.stringify(message.payload),
    correlation_id: currentCorrelationId() ?? null,
    trace_context: currentTraceparent(),
    deadline_at: message.deadlineAt?.getTime() ?? null,
    created_at: new Date(),
  };
  const result = await manager.query<{ insertId: number | string }>(
    'INSERT INTO outbox (topic, message_key, payload, correlation_id, trace_context, deadline_at) VALUES (?, ?, ?, ?, ?, ?)',
    [row.topic, row.message_key, row.payload, row.correlation_id, row.trace_context, row.deadline_at],
  );
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) return; // committed already: the relay's poll publishes it
  const rows = uncommitted.get(runner) ?? [];
  rows.push({ id: String(result.insertId), ...row });
  uncommitted.set(runner, rows);
}

/** The rows `runner`'s transaction wrote, once (after its commit, or to forget them after a rollback). */
export function takeUncommitted(runner: QueryRunner): OutboxRow[] {
  const rows = uncommitted.get(runner) ?? [];
  uncommitted.delete(runner);
  return rows;
}

/** Rows grouped by topic, in row order, as kafkajs' `sendBatch` takes them. */
export function topicMessages(rows: readonly OutboxRow[]) {
  const byTopic = new Map<string, { key: string | null; value: string; headers: Record<string, string> }[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    const headers: Record<string, string> = { [CORRELATION_ID_HEADER]: row.correlation_id ?? '' };
    if (row.deadline_at !== null) headers[DEADLINE_HEADER] = String(row.deadline_at);
    messages.push({ key: row.message_key, value: row.payload, headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Splits rows (in id order) into runs of consecutive rows written in the same trace. */
export function runsByTraceContext<R extends { trace_context: string | null }>(rows: readonly R[]): R[][] {
  const runs: R[][] = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last && last[0].trace_context === row.trace_context) last.push(row);
    else runs.push([row]);
  }
  return runs;
}
