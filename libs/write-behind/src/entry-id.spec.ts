import { ENTRY_ID_PATTERN, EntryIdGenerator, entryIdTime } from './entry-id';

describe('EntryIdGenerator', () => {
  it('produces 26-character Crockford base32 ids', () => {
    const id = new EntryIdGenerator().next();
    expect(id).toMatch(ENTRY_ID_PATTERN);
  });

  it('keeps ids strictly increasing within the same millisecond', () => {
    const generator = new EntryIdGenerator(() => 1_700_000_000_000);
    const ids = Array.from({ length: 1000 }, () => generator.next());
    const sorted = [...ids].sort();
    expect(ids).toEqual(sorted);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries into the leading random digits when the last four overflow within one millisecond', () => {
    const generator = new EntryIdGenerator(() => 1_700_000_000_000);
    let previous = generator.next();
    // 32^4 increments are sure to pass at least one carry, wherever the random tail started.
    let carries = 0;
    for (let i = 0; i < 32 ** 4 + 10; i++) {
      const id = generator.next();
      if (id <= previous) throw new Error(`not increasing: ${previous} then ${id}`);
      if (id.slice(0, 22) !== previous.slice(0, 22)) carries += 1;
      previous = id;
    }
    expect(carries).toBeGreaterThanOrEqual(1);
    expect(previous).toMatch(ENTRY_ID_PATTERN);
  });

  it('stays monotonic when the clock steps backwards', () => {
    let now = 2_000;
    const generator = new EntryIdGenerator(() => now);
    const first = generator.next();
    now = 1_000;
    const second = generator.next();
    expect(second > first).toBe(true);
  });

  it('sorts ids from later milliseconds after earlier ones', () => {
    let now = 1_700_000_000_000;
    const generator = new EntryIdGenerator(() => now);
    const earlier = generator.next();
    now += 1;
    expect(generator.next() > earlier).toBe(true);
  });

  it('encodes the creation time', () => {
    const generator = new EntryIdGenerator(() => 1_732_500_000_123);
    expect(entryIdTime(generator.next())).toBe(1_732_500_000_123);
  });
});
