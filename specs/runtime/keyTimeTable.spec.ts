import { describe, expect, it } from 'vitest';
import { KeyTimeTable, type KeyTimeEntry } from '../../operators/internal/keyTimeTable.js';

/** A table whose entries of time t are of use until t + 10; `add` takes [key, time] pairs. */
function table(...entries: [string, number][]): KeyTimeTable {
  const t = new KeyTimeTable((time) => time + 10);
  for (const [key, time] of entries) t.add(key, { time, row: [key, time], matched: false });
  return t;
}

function expireAt(t: KeyTimeTable, watermark: number): unknown[] {
  const gone: unknown[] = [];
  t.expire(watermark, (entry: KeyTimeEntry) => gone.push(entry.row));
  return gone;
}

describe('KeyTimeTable', () => {
  it('expires key by key, each key earliest first, only entries whose last use is before the watermark', () => {
    const t = table(['a', 5], ['b', 1], ['a', 2], ['b', 30], ['a', 20]);
    expect(expireAt(t, 16)).toEqual([['b', 1], ['a', 2], ['a', 5]]);
    expect(t.size).toBe(2);
    expect(expireAt(t, 31)).toEqual([['a', 20]]);
    expect(expireAt(t, 41)).toEqual([['b', 30]]);
    expect(t.size).toBe(0);
  });

  it('an entry added before its key earliest one is expired on time (the older heap item is stale)', () => {
    const t = table(['a', 50]);
    t.add('a', { time: 3, row: ['a', 3], matched: false });
    expect(expireAt(t, 14)).toEqual([['a', 3]]);
    expect(expireAt(t, 60)).toEqual([]);
    expect(expireAt(t, 61)).toEqual([['a', 50]]);
    // A key emptied and used again is scheduled afresh.
    t.add('a', { time: 100, row: ['a', 100], matched: false });
    expect(expireAt(t, 111)).toEqual([['a', 100]]);
    expect(t.size).toBe(0);
  });

  it('collects the entries of a key within a time range, inclusive, in time order', () => {
    const t = table(['a', 5], ['a', 1], ['a', 9], ['b', 5]);
    const into: KeyTimeEntry[] = [];
    t.collectBetween('a', 1, 5, into);
    expect(into.map((e) => e.row)).toEqual([['a', 1], ['a', 5]]);
  });
});
