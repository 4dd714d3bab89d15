import { randomBytes } from 'node:crypto';

// Crockford base32: sortable as plain strings, no ambiguous letters.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;

/**
 * Generates ULIDs (26 characters: 48-bit millisecond timestamp + 80 random bits).
 *
 * Ids sort lexicographically in creation order, which is what lets the store page
 * "newest first" by id. Within one millisecond the random part is incremented instead
 * of redrawn, so ids from one generator are strictly increasing even under bursts.
 */
export class EntryIdGenerator {
  private lastTime = -1;
  private lastRandom: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    let time = this.now();
    if (time <= this.lastTime) {
      // Same millisecond (or the clock stepped back): stay monotonic by incrementing.
      time = this.lastTime;
      this.lastRandom = incrementBase32(this.lastRandom);
    } else {
      this.lastTime = time;
      this.lastRandom = randomDigits();
    }
    return encodeTime(time) + this.lastRandom.map((d) => ALPHABET[d]).join('');
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
