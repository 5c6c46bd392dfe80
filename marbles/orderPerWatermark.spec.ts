import { describe, expect, it } from 'vitest';
import { orderPerWatermark } from '../operators/orderPerWatermark.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, data, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

const eventTime = (row: Row): Row[number] => row[0]!;
/** Event time ascending, then column 1 descending. */
const compare = (a: Row, b: Row): number => (a[0] as number) - (b[0] as number) || String(b[1] ?? '').localeCompare(String(a[1] ?? ''));

describe('orderPerWatermark', () => {
  it(
    'releases the rows the watermark passed, sorted, before forwarding it; the end releases the rest (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b---v---|', { a: data([5], [2]), w: wm(4), b: data([6], [9]), v: wm(8) });
      const subs = '^--------------!';
      m.expect(source.pipe(orderPerWatermark({ eventTime, compare }))).toBeObservable('----(xw)---(yv)(z|)', {
        x: data([2]),
        w: wm(4),
        y: data([5], [6]),
        v: wm(8),
        z: data([9]),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'orders rows of equal event time by the other keys, and keeps input order for equal rows (stable)',
    marbles((m) => {
      const source = m.cold<Message>('-a-b-w---|', { a: data([1, 'a'], [1, 'c']), b: data([1, 'b'], [0, 'z'], [1, 'c', 'second']), w: wm(2) });
      m.expect(source.pipe(orderPerWatermark({ eventTime, compare }))).toBeObservable('-----(xw)|', {
        x: data([0, 'z'], [1, 'c'], [1, 'c', 'second'], [1, 'b'], [1, 'a']),
        w: wm(2),
      });
    }),
  );

  it(
    'sends a row behind the watermark to onLate instead of the output',
    marbles((m) => {
      const late: [Row, number][] = [];
      const source = m.cold<Message>('-w-a-v---|', { w: wm(10), a: data([4], [12], [8]), v: wm(13) });
      m.expect(source.pipe(orderPerWatermark({ eventTime, compare, onLate: (row, at) => late.push([row, at]) }))).toBeObservable('-w---(xv)|', {
        w: wm(10),
        x: data([12]),
        v: wm(13),
      });
      m.flush();
      expect(late).toEqual([
        [[4], 10],
        [[8], 10],
      ]);
    }),
  );

  it(
    'with an allowed lateness, holds a row until the watermark passes its event time plus the lateness',
    marbles((m) => {
      const lenient = m.cold<Message>('-a-w-v---|', { a: data([5]), w: wm(8), v: wm(9) });
      m.expect(lenient.pipe(orderPerWatermark({ eventTime, compare, allowedLateness: 3 }))).toBeObservable('---w-(xv)|', { w: wm(8), x: data([5]), v: wm(9) });
    }),
  );

  it(
    'routes a row without an event time to onRowError',
    marbles((m) => {
      const errors: Row[] = [];
      const source = m.cold<Message>('-a-|', { a: data([null], [1]) });
      m.expect(source.pipe(orderPerWatermark({ eventTime, compare, onRowError: (row) => errors.push(row) }))).toBeObservable('---(x|)', { x: data([1]) });
      m.flush();
      expect(errors).toEqual([[null]]);
    }),
  );

  it(
    'forwards a barrier in place, holding its rows across it (-B-)',
    marbles((m) => {
      const source = m.cold<Message>('--a--B--b--W----|', { a: data([3]), B: barrier(1), b: data([1]), W: wm(10) });
      m.expect(source.pipe(orderPerWatermark({ eventTime, compare }))).toBeObservable('-----B-----(xW)-|', { B: barrier(1), x: data([1], [3]), W: wm(10) });
    }),
  );

  it('hands the rows held to the snapshot sink before it forwards the barrier (-B-), and still releases them later', () => {
    const { log, out } = snapshotOrder((state) => orderPerWatermark({ eventTime, compare, state }), [data([3], [1]), barrier(1), wm(2)]);
    expect(log).toEqual(['snapshot 1: rows', 'barrier 1']);
    expect(out).toEqual([barrier(1), data([1]), wm(2), data([3])]);
  });

  it('restored from a barrier, releases the same rows in the same order as an uninterrupted run', () => {
    const snapshot = expectRestoreEquivalence((state) => orderPerWatermark({ eventTime, compare, state }), [data([5], [1]), wm(2), data([4])], [data([3]), wm(5), data([9])]);
    expect(snapshot.tables).toEqual({ rows: [[5], [4]] });
  });
});
