import { ENTRY_ID_PATTERN, EntryIdGenerator, entryIdTime } from '@shop/write-behind';

import { idRange, idTimePrefix } from './log-id-range';

describe('idTimePrefix', () => {
  const at = Date.UTC(2026, 10, 25, 9, 30, 0, 123);

  it('encodes the millisecond the way entry ids do', () => {
    expect(entryIdTime(`${idTimePrefix(at)}${'0'.repeat(16)}`)).toBe(at);
  });

  it('sorts ids made at that millisecond at or above it and earlier ids below it', () => {
    const sameMs = new EntryIdGenerator(() => at).next();
    const earlier = new EntryIdGenerator(() => at - 1).next();
    expect(sameMs >= idTimePrefix(at)).toBe(true);
    expect(earlier < idTimePrefix(at)).toBe(true);
    expect(sameMs < idTimePrefix(at + 1)).toBe(true);
  });

  it('clamps times ULIDs cannot hold instead of producing an unsortable prefix', () => {
    expect(idTimePrefix(-5)).toBe('0000000000');
    expect(idTimePrefix(2 ** 50)).toBe('7ZZZZZZZZZ');
  });
});

describe('idRange', () => {
  const t = Date.UTC(2026, 0, 1);
  const id = (ms: number) => new EntryIdGenerator(() => ms).next();

  it('is unbounded without filters', () => {
    expect(idRange({})).toEqual({ before: undefined, atLeast: undefined });
  });

  it('includes ids made at `until` and excludes later ones', () => {
    const { before } = idRange({ until: t });
    expect(id(t) < before!).toBe(true);
    expect(id(t + 1) < before!).toBe(false);
  });

  it('includes ids made at `since` and excludes earlier ones', () => {
    const { atLeast } = idRange({ since: t });
    expect(id(t) >= atLeast!).toBe(true);
    expect(id(t - 1) >= atLeast!).toBe(false);
  });

  it('takes the tighter of the cursor and `until`', () => {
    const cursor = id(t - 10_000);
    expect(idRange({ until: t, cursor }).before).toBe(cursor);
    expect(idRange({ until: t - 20_000, cursor }).before).toBe(idTimePrefix(t - 20_000 + 1));
  });

  it('accepts the ids the library generates as cursors', () => {
    expect(id(t)).toMatch(ENTRY_ID_PATTERN);
    expect('not-a-ulid').not.toMatch(ENTRY_ID_PATTERN);
  });
});
