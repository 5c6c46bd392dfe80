import { describe, expect, it } from 'vitest';
import type { KeyTimeEntry } from '../../operators/internal/keyTimeTable.js';
import { KeyUntilTable } from '../../operators/internal/keyUntilTable.js';
import type { Row } from '../../lib/types/value.js';

/** Rows are [key, time, until]. */
const untilOf = (row: Row): number => row[2] as number;

function table(...rows: [string, number, number][]): KeyUntilTable {
  const t = new KeyUntilTable(untilOf);
  for (const row of rows) t.add(row[0], { time: row[1], row, matched: false, until: row[2] });
  return t;
}

function expireAt(t: KeyUntilTable, watermark: number): Row[] {
  const gone: Row[] = [];
  t.expire(watermark, (entry: KeyTimeEntry) => gone.push(entry.row));
  return gone;
}

describe('KeyUntilTable', () => {
  it('expires each entry once the watermark passes its own until, earliest until first, whatever its time', () => {
    const t = table(['a', 1, 50], ['a', 5, 10], ['b', 2, 10], ['a', 3, 30]);
    expect(expireAt(t, 10)).toEqual([]);
    expect(expireAt(t, 11)).toEqual(expect.arrayContaining([['a', 5, 10], ['b', 2, 10]]));
    expect(t.size).toBe(2);
    expect(expireAt(t, 31)).toEqual([['a', 3, 30]]);
    expect(expireAt(t, 51)).toEqual([['a', 1, 50]]);
    expect(t.size).toBe(0);
  });

  it('collects a key entries within a time range in time order, and gives the oldest time still held', () => {
    const t = table(['a', 7, 100], ['a', 2, 5], ['a', 4, 100], ['b', 1, 100]);
    const into: KeyTimeEntry[] = [];
    t.collectBetween('a', 2, 7, into);
    expect(into.map((e) => e.time)).toEqual([2, 4, 7]);
    expect(t.oldestTime()).toBe(1);
    expireAt(t, 6);
    expect(t.oldestTime()).toBe(1);
    const left = table(['a', 7, 100], ['a', 2, 5]);
    expireAt(left, 6);
    expect(left.oldestTime()).toBe(7);
    expireAt(left, 101);
    expect(left.oldestTime()).toBe(Infinity);
  });

  it('restores from its snapshot with each until read again from the rows', () => {
    const t = table(['a', 1, 20], ['b', 3, 8]);
    const restored = new KeyUntilTable(untilOf);
    restored.stateTable().restore(t.stateTable().snapshot());
    expect(restored.size).toBe(2);
    expect(expireAt(restored, 9)).toEqual([['b', 3, 8]]);
    expect(restored.oldestTime()).toBe(1);
  });
});
