import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Accumulator, BoundAggregate } from '../../lib/aggregates/types.js';
import { bindCall, feed, show } from './harness.js';
import { agree, cases, describeCall, type Row } from './propertyCases.js';

/*
 * Merge equivalence: splitting the input into consecutive chunks in any way, accumulating
 * each chunk apart and merging the chunks along any tree (keeping their order) gives the
 * result of one accumulator fed everything. Results are also read between chunks, as EMIT
 * CHANGES does, which must not disturb the state.
 */

/** Cuts rows into consecutive chunks at the given (unsorted, possibly repeated) positions. */
function chunksOf(rows: readonly Row[], cuts: readonly number[]): Row[][] {
  const positions = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
  const chunks: Row[][] = [];
  let start = 0;
  for (const p of [...positions, rows.length]) {
    chunks.push(rows.slice(start, p));
    start = p;
  }
  return chunks;
}

/** Merges accumulators in order along a tree shaped by `shape` (a bit per split decision). */
function mergeTree(accs: readonly Accumulator[], shape: readonly boolean[], depth = 0): Accumulator {
  if (accs.length === 1) return accs[0]!;
  const middle = shape[depth % Math.max(shape.length, 1)] ? 1 : Math.floor(accs.length / 2);
  const left = mergeTree(accs.slice(0, middle), shape, depth + 1);
  const right = mergeTree(accs.slice(middle), shape, depth + 1);
  const before = right.result();
  left.merge(right);
  expect(show(right.result())).toBe(show(before));
  return left;
}

describe('merge equivalence', () => {
  it.each(cases.map((c) => [describeCall(c.call), c] as const))('%s', (_name, c) => {
    const bound: BoundAggregate = bindCall(c.call);
    fc.assert(
      fc.property(fc.array(c.row, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.boolean()), (rows, cuts, shape) => {
        const whole = feed(bound.create(), rows).result();
        const accs = chunksOf(rows, cuts).map((chunk) => {
          const acc = feed(bound.create(), chunk);
          acc.result();
          return acc;
        });
        const merged = mergeTree(accs, shape).result();
        if (!agree(merged, whole, c.tolerance)) {
          throw new Error(`merged ${show(merged)} but one accumulator gives ${show(whole)}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
