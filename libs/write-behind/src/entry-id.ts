import { randomBytes } from 'node:crypto';

// Crockford base32: sortable as plain strings, no ambiguous letters.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;
const TAIL_LENGTH = 4;
const TAIL_LIMIT = 32 ** TAIL_LENGTH;

/** What an entry id (and so a page cursor of `query()`) looks like: a ULID in Crockford base32. */
export const ENTRY_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Generates ULIDs (26 characters: 48-bit millisecond timestamp + 80 random bits).
 *
 * Ids sort lexicographically in creation order, which is what lets the store page
 * "newest first" by id. Within one millisecond the random part is incremented instead
 * of redrawn, so ids from one generator are strictly increasing even under bursts.
 */
export class EntryIdGenerator {
  private lastTime = -1;
  // The id minus its last TAIL_LENGTH characters (time + leading random digits), and those
  // last digits as a number: an increment is then one addition and four table lookups,
  // which matters on the write path (several hundred thousand ids a second).
  private head = '';
  private headDigits: number[] = [];
  private tail = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    const time = this.now();
    if (time <= this.lastTime) {
      // Same millisecond (or the clock stepped back): stay monotonic by incrementing.
      this.tail += 1;
      if (this.tail === TAIL_LIMIT) {
        this.tail = 0;
        this.setHead(this.lastTime, incrementBase32(this.headDigits));
      }
    } else {
      this.lastTime = time;
      const digits = randomDigits();
      this.setHead(time, digits.slice(0, RANDOM_LENGTH - TAIL_LENGTH));
      this.tail = digits.slice(RANDOM_LENGTH - TAIL_LENGTH).reduce((n, d) => n * 32 + d, 0);
    }
    const t = this.tail;
    return this.head + ALPHABET[(t >> 15) & 31] + ALPHABET[(t >> 10) & 31] + ALPHABET[(t >> 5) & 31] + ALPHABET[t & 31];
  }

  private setHead(time: number, digits: number[]): void {
    this.headDigits = digits;
    this.head = encodeTime(time) + digits.map((d) => ALPHABET[d]).join('');
  }
}

/** Milliseconds since the epoch encoded in an entry id produced by {@link EntryIdGenerator}. */
export function entryIdTime(id: string): number {
  let time = 0;
  for (const char of id.slice(0, TIME_LENGTH)) {
    const digit = ALPHABET.indexOf(char.toUpperCase());
    if (digit < 0) throw new Error(`Not an entry id: ${id}`);
    time = time * 32 + digit;
  }
  return time;
}

function encodeTime(time: number): string {
  let out = '';
  for (let i = 0; i < TIME_LENGTH; i++) {
    out = ALPHABET[time % 32] + out;
    time = Math.floor(time / 32);
  }
  return out;
}

function randomDigits(): number[] {
  const bytes = randomBytes(RANDOM_LENGTH);
  // Keep the top digit below 16 so a long run of increments cannot overflow 80 bits.
  return Array.from(bytes, (b, i) => (i === 0 ? b % 16 : b % 32));
}

function incrementBase32(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] < 31) {
      next[i] += 1;
      return next;
    }
    next[i] = 0;
  }
  throw new Error('Entry id random part overflowed within one millisecond');
}
