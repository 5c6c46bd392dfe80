import { describe, expect, it } from 'vitest';
import { sortAtEnd } from '../operators/sortAtEnd.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, data, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

const ascending = (a: Row, b: Row): number => (a[0] as number) - (b[0] as number);

describe('sortAtEnd', () => {
  it(
    'holds every row and emits them sorted when the input ends; watermarks pass (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b-|', { a: data([3], [1]), w: wm(1), b: data([2]) });
      m.expect(source.pipe(sortAtEnd(ascending))).toBeObservable('----w----(c|)', { w: wm(1), c: data([1], [2], [3]) });
    }),
  );

  it(
    'with a limit keeps only the top rows (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b-|', { a: data([3], [1]), w: wm(1), b: data([2]) });
      m.expect(source.pipe(sortAtEnd(ascending, 2))).toBeObservable('----w----(d|)', { w: wm(1), d: data([1], [2]) });
    }),
  );

  it(
    'is stable: rows with equal keys keep their input order, with and without a limit',
    marbles((m) => {
      const source = m.cold<Message>('-a-b-|', { a: data([2, 'x'], [1, 'p'], [2, 'y']), b: data([1, 'q'], [2, 'z'], [0, 'o']) });
      m.expect(source.pipe(sortAtEnd(ascending))).toBeObservable('-----(c|)', {
        c: data([0, 'o'], [1, 'p'], [1, 'q'], [2, 'x'], [2, 'y'], [2, 'z']),
      });
      m.expect(source.pipe(sortAtEnd(ascending, 4))).toBeObservable('-----(c|)', { c: data([0, 'o'], [1, 'p'], [1, 'q'], [2, 'x']) });
    }),
  );

  it(
    'emits nothing for an empty input or a limit of 0',
    marbles((m) => {
      m.expect(m.cold<Message>('--|').pipe(sortAtEnd(ascending))).toBeObservable('--|');
      m.expect(m.cold<Message>('-a-|', { a: data([1]) }).pipe(sortAtEnd(ascending, 0))).toBeObservable('---|');
    }),
  );

  it('hands the rows held to the snapshot sink before it forwards the barrier, and still emits them at the end', () => {
    const { log, out } = snapshotOrder((state) => sortAtEnd(ascending, undefined, state), [data([2], [1]), barrier(1)]);
    expect(log).toEqual(['snapshot 1: rows', 'barrier 1']);
    expect(out).toEqual([barrier(1), data([1], [2])]);
  });

  it('restored from a barrier, emits the same sorted rows as an uninterrupted run (all rows and top-N)', () => {
    const all = expectRestoreEquivalence((state) => sortAtEnd(ascending, undefined, state), [data([5], [1]), data([4])], [data([3], [2])]);
    expect(all.tables).toEqual({ rows: [[5], [1], [4]] });
    const top = expectRestoreEquivalence((state) => sortAtEnd(ascending, 2, state), [data([5], [1]), data([4])], [data([3], [0])]);
    expect(top.tables).toEqual({ rows: [[1], [4]] });
  });
});
