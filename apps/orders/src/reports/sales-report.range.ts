import { SALES_REPORT_INSTANT, SALES_REPORT_MAX_DAYS } from '@shop/contracts';

import { OrderDomainError } from '../orders/orders.errors';

const DAY_MS = 86_400_000;

export interface ReportRange {
  from: Date;
  to: Date;
}

/**
 * Checks a report's range and returns it as instants: each bound a UTC day (`2026-10-01`) or an
 * ISO-8601 instant with a zone, `from` before `to`, at most {@link SALES_REPORT_MAX_DAYS} days.
 * A bad range is a VALIDATION error naming the field.
 */
export function parseReportRange(from: unknown, to: unknown): ReportRange {
  const start = parseInstant('from', from);
  const end = parseInstant('to', to);
  if (end.getTime() <= start.getTime()) throw invalid('to', 'to must be after from (the range is [from, to))');
  if (end.getTime() - start.getTime() > SALES_REPORT_MAX_DAYS * DAY_MS)
    throw invalid('to', `a report covers at most ${SALES_REPORT_MAX_DAYS} days`);
  return { from: start, to: end };
}

function parseInstant(field: 'from' | 'to', value: unknown): Date {
  const text = typeof value === 'string' ? value : '';
  const hint = `${field} must be a date YYYY-MM-DD or an ISO-8601 instant with a zone`;
  if (!SALES_REPORT_INSTANT.test(text)) throw invalid(field, hint);
  // Date rolls 2026-02-30 over to March 2nd: the calendar day must survive the round trip.
  const day = text.slice(0, 10);
  const instant = new Date(text.length === 10 ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(instant.getTime()) || new Date(`${day}T00:00:00.000Z`).toISOString().slice(0, 10) !== day)
    throw invalid(field, `${hint}; ${text} is not one`);
  return instant;
}

const invalid = (field: string, message: string) => new OrderDomainError('VALIDATION', message, field);
