import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listAggregates } from '../../lib/aggregates/registry.js';
import { accumulatorState, restoreAccumulator } from '../../lib/aggregates/state.js';
import { INTEGER } from '../../lib/types/sqlType.js';
import { bindCall, feed, show } from './harness.js';
import { agree, cases, describeCall } from './propertyCases.js';

/*
 * Snapshot and restore: for every aggregate, an accumulator fed a prefix of the rows, written
 * as JSON text through `accumulatorState`, read back into a fresh accumulator with
 * `restoreAccumulator` and fed the rest gives the result of one accumulator fed everything.
 * The restored accumulator also merges like the original (hop panes, sessions).
 */

describe('accumulator state', () => {
  it('covers every registered aggregate', () => {
    const covered = new Set(cases.map((c) => c.call.name));
    const missing = listAggregates().filter((fn) => !covered.has(fn.name)).map((fn) => fn.name);
    expect(missing).toEqual([]);
  });

  it.each(cases.map((c) => [describeCall(c.call), c] as const))('%s: restore(state(acc)) then more adds equals the uninterrupted run', (_name, c) => {
    const bound = bindCall(c.call);
    fc.assert(
      fc.property(fc.array(c.row, { maxLength: 60 }), fc.nat(), fc.array(c.row, { maxLength: 10 }), (rows, cut, extra) => {
        const at = cut % (rows.length + 1);
        const whole = feed(bound.create(), rows);
        const before = feed(bound.create(), rows.slice(0, at));
        const text = JSON.stringify(accumulatorState(before));
        const restored = feed(restoreAccumulator(bound, JSON.parse(text)), rows.slice(at));
        if (!agree(restored.result(), whole.result(), c.tolerance)) {
          throw new Error(`restored at ${at} gives ${show(restored.result())} but the uninterrupted run gives ${show(whole.result())}`);
        }
        const mergedWhole = feed(bound.create(), extra);
        mergedWhole.merge(whole);
        const mergedRestored = feed(bound.create(), extra);
        mergedRestored.merge(restored);
        if (!agree(mergedRestored.result(), mergedWhole.result(), c.tolerance)) {
          throw new Error(`merging the restored accumulator gives ${show(mergedRestored.result())}, not ${show(mergedWhole.result())}`);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the state of a large HyperLogLog sketch and of bigints exactly', () => {
    const bound = bindCall({ name: 'APPROX_COUNT_DISTINCT', types: [INTEGER] });
    const rows = Array.from({ length: 20_000 }, (_, i) => [i]);
    const acc = feed(bound.create(), rows);
    const restored = restoreAccumulator(bound, JSON.parse(JSON.stringify(accumulatorState(acc))));
    expect(restored.result()).toBe(acc.result());
    const sum = bindCall({ name: 'SUM', types: [INTEGER] });
    const big = feed(sum.create(), [[2n ** 70n], [3]]);
    expect(restoreAccumulator(sum, JSON.parse(JSON.stringify(accumulatorState(big)))).result()).toBe(2n ** 70n + 3n);
  });

  it('refuses an accumulator whose state lives in closures', () => {
    expect(() => accumulatorState({ add() {}, merge() {}, result: () => null })).toThrow(/class instance/);
  });
});
