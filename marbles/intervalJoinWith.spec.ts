import { describe, expect, it } from 'vitest';
import { intervalJoinWith, type IntervalJoinConfig } from '../operators/intervalJoinWith.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, data, wm } from './aggregationKit.js';
import { marbles } from './helper.js';
import { expectJoinRestoreEquivalence } from './joinKit.js';

const key = (row: Row): string | undefined => (row[0] === null ? undefined : (row[0] as string));
const time = (row: Row) => row[1]!;
/** Rows are [key, time] on both sides; right time − left time within [−5, 5]. */
const full: IntervalJoinConfig = { kind: 'FULL', leftKey: key, rightKey: key, leftTime: time, rightTime: time, lower: -5, upper: 5, leftWidth: 2, rightWidth: 2 };

describe('intervalJoinWith', () => {
  it(
    'emits each pair within the bound and each unmatched row once its bound has passed (the doc diagram)',
    marbles((m) => {
      const left = m.cold<Message>('-a------1-|', { a: data(['k', 10]), 1: wm(100) });
      const right = m.cold<Message>('---b--c---2-|', { b: data(['k', 12]), c: data(['k', 40]), 2: wm(100) });
      m.expect(left.pipe(intervalJoinWith(right, full))).toBeObservable('---x----y-w-|', {
        x: data(['k', 10, 'k', 12]),
        y: data([null, null, 'k', 40]),
        w: wm(95),
      });
    }),
  );

  it(
    'bounds are inclusive on both ends; INNER gives every matching pair (a multiset)',
    marbles((m) => {
      const inner: IntervalJoinConfig = { ...full, kind: 'INNER' };
      const left = m.cold<Message>('a---|', { a: data(['k', 10], ['k', 10]) });
      const right = m.cold<Message>('-b--|', { b: data(['k', 5], ['k', 15], ['k', 4], ['k', 16], ['j', 10]) });
      m.expect(left.pipe(intervalJoinWith(right, inner))).toBeObservable('-b--|', {
        b: data(['k', 10, 'k', 5], ['k', 10, 'k', 5], ['k', 10, 'k', 15], ['k', 10, 'k', 15]),
      });
    }),
  );

  it(
    'LEFT emits an unmatched left row once, when the right watermark passes its time + upper; RIGHT rows are not emitted',
    marbles((m) => {
      const leftJoin: IntervalJoinConfig = { ...full, kind: 'LEFT' };
      const left = m.cold<Message>('a-------|', { a: data(['k', 10], [null, 11]) });
      const right = m.cold<Message>('-b-1-2--|', { b: data(['k', 30]), 1: wm(15), 2: wm(16) });
      m.expect(left.pipe(intervalJoinWith(right, leftJoin))).toBeObservable('a----u--|', {
        a: data([null, 11, null, null]),
        u: data(['k', 10, null, null]),
      });
    }),
  );

  it(
    'an asymmetric BETWEEN bound: right time − left time in [0, 10]',
    marbles((m) => {
      const ahead: IntervalJoinConfig = { ...full, kind: 'INNER', lower: 0, upper: 10 };
      const left = m.cold<Message>('a--|', { a: data(['k', 10]) });
      const right = m.cold<Message>('-b-|', { b: data(['k', 9], ['k', 10], ['k', 20], ['k', 21]) });
      m.expect(left.pipe(intervalJoinWith(right, ahead))).toBeObservable('-b-|', { b: data(['k', 10, 'k', 10], ['k', 10, 'k', 20]) });
    }),
  );

  it(
    'windowed: a pair matches only within one tumbling window; an unmatched row is emitted once the other side passes its window',
    marbles((m) => {
      const windowed: IntervalJoinConfig = { ...full, kind: 'LEFT', lower: -999, upper: 999, window: { size: 1000, slide: 1000 } };
      const left = m.cold<Message>('a---1--2|', { a: data(['k', 999], ['k', 1000], ['k', 1500], ['k', 2500]), 1: wm(1999), 2: wm(5000) });
      const right = m.cold<Message>('-b--1-2-|', { b: data(['k', 0], ['k', 1999]), 1: wm(1999), 2: wm(3000) });
      m.expect(left.pipe(intervalJoinWith(right, windowed))).toBeObservable('-b--w-uv(x|)', {
        b: data(['k', 999, 'k', 0], ['k', 1000, 'k', 1999], ['k', 1500, 'k', 1999]),
        w: wm(1000),
        u: data(['k', 2500, null, null]),
        v: wm(2001),
        x: wm(4001),
      });
    }),
  );

  it(
    'windowed on hopping windows (size 1000, slide 500): a pair once per window both rows are in; a row is kept until its last window ends',
    marbles((m) => {
      const hopping: IntervalJoinConfig = { ...full, kind: 'INNER', lower: -999, upper: 999, window: { size: 1000, slide: 500 } };
      // 600 is in [0, 1000) and [500, 1500): with 900 in both windows, with 1100 in one, with 1600 in
      // none; 2100 meets 1600 in [1500, 2500), kept past the watermark 2000 that expires 900, 1100 and 499.
      const left = m.cold<Message>('a--1-b|', { a: data(['k', 600]), 1: wm(2000), b: data(['k', 2100]) });
      const right = m.cold<Message>('-b-1--|', { b: data(['k', 900], ['k', 1100], ['k', 1600], ['k', 499], ['j', 900]), 1: wm(1499) });
      m.expect(left.pipe(intervalJoinWith(right, hopping))).toBeObservable('-b-w-y(v|)', {
        b: data(['k', 600, 'k', 900], ['k', 600, 'k', 900], ['k', 600, 'k', 1100], ['k', 600, 'k', 499]),
        w: wm(500),
        y: data(['k', 2100, 'k', 1600]),
        v: wm(1001),
      });
    }),
  );

  it(
    'LEFT on hopping windows: a left row is emitted with NULLs once for each of its windows without a match, when its last window ends',
    marbles((m) => {
      const hopping: IntervalJoinConfig = { ...full, kind: 'LEFT', lower: -999, upper: 999, window: { size: 1000, slide: 500 } };
      // 600 is in [0, 1000) and [500, 1500): 1100 matches it in the second only; 2100 (in [1500, 2500)
      // and [2000, 3000)) matches nothing.
      const left = m.cold<Message>('a----|', { a: data(['k', 600], ['k', 2100]) });
      const right = m.cold<Message>('-b1-2|', { b: data(['k', 1100]), 1: wm(1500), 2: wm(3000) });
      m.expect(left.pipe(intervalJoinWith(right, hopping))).toBeObservable('-bu-v|', {
        b: data(['k', 600, 'k', 1100]),
        u: data(['k', 600, null, null]),
        v: data(['k', 2100, null, null], ['k', 2100, null, null]),
      });
    }),
  );

  it(
    'select (a fused projection): pairs and unmatched rows carry only the chosen columns of the joined row, in that order',
    marbles((m) => {
      const projected: IntervalJoinConfig = { ...full, kind: 'LEFT', select: [3, 0, 1] };
      const left = m.cold<Message>('a---|', { a: data(['k', 10], ['j', 11]) });
      const right = m.cold<Message>('-b--|', { b: data(['k', 12]) });
      m.expect(left.pipe(intervalJoinWith(right, projected))).toBeObservable('-b--(u|)', {
        b: data([12, 'k', 10]),
        u: data([null, 'j', 11]),
      });
    }),
  );

  it(
    'out-of-order rows within the watermark delay give the same pairs and outer rows as sorted input',
    marbles((m) => {
      const sorted = (rows: Row[]): Row[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const leftRows: Row[] = [['k', 10], ['k', 30], ['j', 20]];
      const rightRows: Row[] = [['k', 14], ['j', 26], ['k', 27]];
      const results: Row[][] = [];
      for (const order of [[0, 1, 2], [2, 1, 0]]) {
        const left = m.cold<Message>('abc-1|', { a: data(leftRows[order[0]!]!), b: data(leftRows[order[1]!]!), c: data(leftRows[order[2]!]!), 1: wm(1000) });
        const right = m.cold<Message>('abc-1|', { a: data(rightRows[order[0]!]!), b: data(rightRows[order[1]!]!), c: data(rightRows[order[2]!]!), 1: wm(1000) });
        const rows: Row[] = [];
        left.pipe(intervalJoinWith(right, full)).subscribe((message) => message.kind === 'data' && rows.push(...message.rows));
        results.push(rows);
      }
      m.flush();
      expect(sorted(results[0]!)).toEqual(sorted(results[1]!));
      expect(sorted(results[0]!)).toEqual(sorted([['k', 10, 'k', 14], ['k', 30, 'k', 27], ['j', 20, null, null], [null, null, 'j', 26]]));
    }),
  );

  it(
    'aligns barriers: rows after a barrier on one input wait until the other delivers it',
    marbles((m) => {
      const inner: IntervalJoinConfig = { ...full, kind: 'INNER' };
      const left = m.cold<Message>('aB----|', { a: data(['k', 10]), B: barrier(1) });
      const right = m.cold<Message>('-Bb---|', { b: data(['k', 11]), B: barrier(1) });
      m.expect(left.pipe(intervalJoinWith(right, inner))).toBeObservable('-Bb---|', { B: barrier(1), b: data(['k', 10, 'k', 11]) });
    }),
  );

  it(
    'routes a row whose condition throws to the error handler of its side, without a partial output or a match flag',
    marbles((m) => {
      const failed: unknown[] = [];
      const config: IntervalJoinConfig = {
        ...full,
        kind: 'LEFT',
        residual: (row) => {
          if (row[3] === 11) throw new Error('bad condition');
          return true;
        },
        onRowError: [() => undefined, (row) => void failed.push(row)],
      };
      const left = m.cold<Message>('a---1|', { a: data(['k', 10]), 1: wm(100) });
      const right = m.cold<Message>('-b--2|', { b: data(['k', 11], ['k', 12]), 2: wm(100) });
      m.expect(left.pipe(intervalJoinWith(right, config))).toBeObservable('-b--w|', { b: data(['k', 10, 'k', 12]), w: wm(95) });
      m.flush();
      expect(failed).toEqual([['k', 11]]);
    }),
  );

  /** Left rows are [key, time, until]: each matches right rows from its time to its own until (`b.t BETWEEN a.t AND a.until`). */
  const untilLeft: IntervalJoinConfig = { ...full, kind: 'LEFT', lower: 0, upper: Infinity, leftWidth: 3, until: { side: 0, of: (row) => row[2]! } };

  it(
    'a bound read from the left rows: a left row matches right rows up to its own until, and expires once the right watermark passes it (the doc diagram)',
    marbles((m) => {
      const left = m.cold<Message>('a---1--|', { a: data(['k', 10, 30]), 1: wm(50) });
      const right = m.cold<Message>('-b-c--2-|', { b: data(['k', 20]), c: data(['k', 40]), 2: wm(50) });
      m.expect(left.pipe(intervalJoinWith(right, untilLeft))).toBeObservable('-x----w-|', { x: data(['k', 10, 30, 'k', 20]), w: wm(50) });
    }),
  );

  it(
    'with a bound read from the rows: both ends inclusive, a NULL bound matches nothing, LEFT emits an unmatched row once its own until has passed',
    marbles((m) => {
      const left = m.cold<Message>('a------|', { a: data(['k', 10, 30], ['j', 10, 12], ['k', 5, null]) });
      const right = m.cold<Message>('-b-1-2-|', { b: data(['k', 10], ['k', 30], ['k', 31], ['k', 9], ['j', 13]), 1: wm(12), 2: wm(13) });
      m.expect(left.pipe(intervalJoinWith(right, untilLeft))).toBeObservable('ab---u-|', {
        a: data(['k', 5, null, null, null]),
        b: data(['k', 10, 30, 'k', 10], ['k', 10, 30, 'k', 30]),
        u: data(['j', 10, 12, null, null]),
      });
    }),
  );

  it(
    'holds the output watermark back to the oldest row carrying its own bound (its partners may come much later)',
    marbles((m) => {
      const inner: IntervalJoinConfig = { ...untilLeft, kind: 'INNER' };
      const left = m.cold<Message>('a-1---3-|', { a: data(['k', 10, 1000]), 1: wm(500), 3: wm(2000) });
      const right = m.cold<Message>('--2-b---4|', { 2: wm(600), b: data(['k', 900]), 4: wm(2000) });
      m.expect(left.pipe(intervalJoinWith(right, inner))).toBeObservable('--w-b---v|', { w: wm(10), b: data(['k', 10, 1000, 'k', 900]), v: wm(2000) });
    }),
  );

  it(
    'a bound read from the right rows (`a.t BETWEEN b.t AND b.until`): RIGHT emits an unmatched right row once the left watermark passes its until',
    marbles((m) => {
      const untilRight: IntervalJoinConfig = { ...full, kind: 'RIGHT', lower: -Infinity, upper: 0, rightWidth: 3, until: { side: 1, of: (row) => row[2]! } };
      const left = m.cold<Message>('-a-1-|', { a: data(['k', 25], ['k', 19], ['j', 5]), 1: wm(41) });
      const right = m.cold<Message>('b----|', { b: data(['k', 20, 40], ['j', 6, 9]) });
      m.expect(left.pipe(intervalJoinWith(right, untilRight))).toBeObservable('-a-u-(w|)', {
        a: data(['k', 25, 'k', 20, 40]),
        u: data([null, null, 'j', 6, 9]),
        w: wm(41),
      });
    }),
  );

  it('with a bound read from the rows, restored at a barrier it continues as an uninterrupted run', () => {
    const snapshot = expectJoinRestoreEquivalence(
      (left, right, state) => left.pipe(intervalJoinWith(right, { ...untilLeft, kind: 'FULL', state })),
      [[0, data(['k', 10, 40], ['j', 50, 60], ['k', 30, 35])], [1, data(['k', 32])], [1, wm(20)]],
      [[1, data(['k', 38], ['j', 55], ['j', 61])], [0, wm(100)], [1, wm(100)]],
    );
    expect(Object.keys(snapshot.tables)).toEqual(['left', 'right', 'input_watermarks']);
  });

  it('snapshots both sides and their matched flags: restored at a barrier it continues as an uninterrupted run', () => {
    const snapshot = expectJoinRestoreEquivalence(
      (left, right, state) => left.pipe(intervalJoinWith(right, { ...full, state })),
      [[0, data(['k', 10], ['j', 50])], [1, data(['k', 12])], [1, wm(5)]],
      [[1, data(['k', 8], ['j', 90])], [0, wm(200)], [1, wm(200)]],
    );
    expect(Object.keys(snapshot.tables)).toEqual(['left', 'right', 'input_watermarks']);
  });

  it('FULL on hopping windows, restored at a barrier, continues as an uninterrupted run (windows matched per row, rows out of order)', () => {
    const hopping: IntervalJoinConfig = { ...full, lower: -999, upper: 999, window: { size: 1000, slide: 500 } };
    expectJoinRestoreEquivalence(
      (left, right, state) => left.pipe(intervalJoinWith(right, { ...hopping, state })),
      [[0, data(['k', 600], ['j', 1400], ['k', 300])], [1, data(['k', 900], ['j', 1000])], [1, wm(700)]],
      [[1, data(['k', 100], ['j', 1900])], [0, wm(1600)], [0, data(['j', 1950])], [1, wm(3000)], [0, wm(3000)]],
    );
  });
});
