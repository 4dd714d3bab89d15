import { EntryIdGenerator } from '@shop/write-behind';

// ULIDs hold 48 bits of milliseconds in their first 10 characters.
const TIME_PREFIX_LENGTH = 10;
const MAX_ULID_TIME = 2 ** 48 - 1;

/**
 * The 10-character time prefix of ULIDs made at `ms`. Every id made at `ms` or later sorts at
 * or above it, every id made earlier sorts below it, which turns a time bound into an id bound.
 * Uses the library's own generator so the encoding can never drift from the ids it makes.
 */
export function idTimePrefix(ms: number): string {
  const clamped = Math.min(Math.max(Math.floor(ms), 0), MAX_ULID_TIME);
  return new EntryIdGenerator(() => clamped).next().slice(0, TIME_PREFIX_LENGTH);
}

/**
 * The id range of one page: ids below `before` (exclusive) and at or above `atLeast`.
 * `since`/`until` are inclusive millisecond bounds; `cursor` is the last id of the previous page.
 */
export function idRange(options: { since?: number; until?: number; cursor?: string }): {
  before?: string;
  atLeast?: string;
} {
  const untilBound = options.until === undefined ? undefined : idTimePrefix(options.until + 1);
  const candidates = [options.cursor, untilBound].filter((b): b is string => b !== undefined);
  return {
    before: candidates.length > 0 ? candidates.sort()[0] : undefined,
    atLeast: options.since === undefined ? undefined : idTimePrefix(options.since),
  };
}
