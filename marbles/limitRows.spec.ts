import { describe, expect, it } from 'vitest';
import { limitRows } from '../operators/limitRows.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

const data = (...rows: Row[]): Message => ({ kind: 'data', rows });

describe('limitRows', () => {
  it(
    'cuts the batch that reaches the limit and completes (the doc diagram)',
    marbles((m) => {
      const source = m.cold('--a---b---c--|', { a: data([1], [2]), b: data([3], [4]), c: data([5]) });
      const subscription = '^-----!';
      m.expect(source.pipe(limitRows(3))).toBeObservable('--a---(b|)', { a: data([1], [2]), b: data([3]) });
      m.expect(source).toHaveSubscriptions(subscription);
    }),
  );

  it(
    'completes at once for LIMIT 0',
    marbles((m) => {
      const source = m.cold('--a--|', { a: data([1]) });
      m.expect(source.pipe(limitRows(0))).toBeObservable('|');
    }),
  );

  it(
    'forwards a barrier in place before the limit is reached',
    marbles((m) => {
      const source = m.cold('-a-B-b-|', { a: data([1]), B: barrier(1), b: data([2], [3]) });
      m.expect(source.pipe(limitRows(2))).toBeObservable('-a-B-(b|)', { a: data([1]), B: barrier(1), b: data([2]) });
    }),
  );

  it('hands the rows still to pass to the snapshot sink before it forwards the barrier', () => {
    const { log } = snapshotOrder((state) => limitRows(5, state), [data([1]), barrier(1)]);
    expect(log).toEqual(['snapshot 1: remaining', 'barrier 1']);
  });

  it('restored from a barrier, passes no more rows than an uninterrupted run', () => {
    const snapshot = expectRestoreEquivalence((state) => limitRows(3, state), [data([1], [2])], [data([3], [4]), data([5])]);
    expect(snapshot.tables).toEqual({ remaining: 1 });
  });
});
