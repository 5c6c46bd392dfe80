import { describe, expect, it } from 'vitest';
import { repartitionOf } from '../../../lib/runtime/scale/repartitionPartitioner.js';

describe('repartitionOf', () => {
  it('sends rows with the same key values to the same partition, whatever the other columns (the doc diagram)', () => {
    const a1 = repartitionOf(['a', 1], [0], 4);
    expect(repartitionOf(['a', 2], [0], 4)).toBe(a1);
    expect(repartitionOf(['a', 1, 'x'], [0], 4)).toBe(a1);
  });

  it('is the same in every process and release: a fixed hash (changing it would split the keys of a running group)', () => {
    expect(['k0', 'k1', 'k2', 'k3', 'k4'].map((k) => repartitionOf([k], [0], 4))).toEqual([2, 1, 0, 3, 2]);
  });

  it('spreads distinct keys over every partition', () => {
    const used = new Set(Array.from({ length: 100 }, (_, i) => repartitionOf([`key-${i}`], [0], 4)));
    expect([...used].sort()).toEqual([0, 1, 2, 3]);
  });

  it('keeps values of different types apart, and compound keys by all their columns', () => {
    const numbers = Array.from({ length: 50 }, (_, i) => repartitionOf([i], [0], 16));
    const texts = Array.from({ length: 50 }, (_, i) => repartitionOf([String(i)], [0], 16));
    expect(numbers).not.toEqual(texts);
    const spread = new Set(Array.from({ length: 50 }, (_, i) => repartitionOf(['same', i], [0, 1], 8)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('no key columns, or a record that could not be decoded: partition 0', () => {
    expect(repartitionOf(['a'], [], 4)).toBe(0);
    expect(repartitionOf(undefined, [0], 4)).toBe(0);
  });
});
