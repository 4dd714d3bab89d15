import { ENTRY_ID_PATTERN } from '@shop/write-behind';

import { arrayOf, bool, dateTime, int, mapOf, namedObject, nullable, num, oneOf, str } from '../../docs/schema';
import { LOG_LEVELS, MAX_MESSAGE_LENGTH } from '../activity-log.constants';
import type { LogAccepted, LogEntryView, LogPage, LogStats } from './log-entry.view';

const ID = '01JDQ3Z8N4M7K2P5R9T1V6X3YB';
const id = (description: string) => str(description, { pattern: ENTRY_ID_PATTERN.source });

export const LOG_ACCEPTED_SCHEMA = namedObject<LogAccepted>('LogAccepted', {
  description: 'Stored in Redis; flushed to MySQL with the next batch',
  properties: {
    id: id('The entry (a ULID: sorts by creation time)'),
    accepted: { type: 'boolean', enum: [true], description: 'Always true' },
    pending: { type: 'boolean', enum: [true], description: 'Always true: not yet in MySQL' },
  },
  example: { id: ID, accepted: true, pending: true },
});

const LOG_ENTRY_SCHEMA = namedObject<LogEntryView>('LogEntry', {
  properties: {
    id: id('The entry'),
    level: oneOf(LOG_LEVELS, 'Severity'),
    message: str('What happened', { maxLength: MAX_MESSAGE_LENGTH }),
    context: nullable(mapOf({}, 'The JSON object logged with it')),
    createdAt: dateTime('When it was accepted'),
    pending: bool('True while it is only in Redis (accepted, not yet flushed to MySQL)'),
  },
  example: {
    id: ID,
    level: 'info',
    message: 'user opened the basket',
    context: { items: 3 },
    createdAt: '2026-11-25T09:00:00.000Z',
    pending: false,
  },
});

export const LOG_PAGE_SCHEMA = namedObject<LogPage>('LogPage', {
  description: 'Entries newest first, including ones not yet flushed',
  properties: {
    items: arrayOf(LOG_ENTRY_SCHEMA),
    nextCursor: nullable(id('Pass as `cursor` for the next (older) page; null on the last page')),
  },
  example: {
    items: [
      {
        id: ID,
        level: 'warn',
        message: 'payment retried',
        context: null,
        createdAt: '2026-11-25T09:00:00.000Z',
        pending: true,
      },
    ],
    nextCursor: null,
  },
});

const count = (description: string) => int(description, { minimum: 0 });

export const LOG_STATS_SCHEMA = namedObject<LogStats>('LogStats', {
  description: 'This gateway process’s counters plus the store’s global state',
  properties: {
    written: count('Entries this process accepted since it started'),
    pending: count('Entries accepted by any replica and not yet in MySQL'),
    flushed: count('Entries this process flushed to MySQL'),
    failed: count('Entries whose flush failed in this process (each retried or dead-lettered later)'),
    deadLettered: count('Entries this process moved to the dead-letter list'),
    deadLetters: count('Dead letters waiting now (global)'),
    batches: count('Batches this process flushed'),
    averageBatchSize: num('Their mean size (0 before the first)', { minimum: 0 }),
    lagSeconds: num('Age of the oldest entry not yet in MySQL; 0 when nothing is pending', { minimum: 0 }),
    mysqlPaused: bool('True while flush workers back off because MySQL is unreachable'),
  },
  example: {
    written: 1200,
    pending: 14,
    flushed: 1186,
    failed: 0,
    deadLettered: 0,
    deadLetters: 0,
    batches: 40,
    averageBatchSize: 29.65,
    lagSeconds: 0.4,
    mysqlPaused: false,
  },
});
