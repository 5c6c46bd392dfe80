import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { overWindow, type OverWindowConfig } from '../operators/overWindow.js';
import type { WindowFunction } from '../operators/analytic/windowFunctions.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, countStar, data, sumOrNull, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

/** Test rows are [key, time, x], ordered by time. */
const order = { compare: (a: Row, b: Row) => (a[1] as number) - (b[1] as number), position: (row: Row) => row[1] as number };
const x = (row: Row) => row[2]!;
const nothing = () => null;
const rowNumber: WindowFunction = { kind: 'row_number' };
const lag: WindowFunction = { kind: 'lag', value: x, offset: 1, fallback: nothing };
const lead: WindowFunction = { kind: 'lead', value: x, offset: 1, fallback: () => -1 };
const movingSum: WindowFunction = { kind: 'aggregate', aggregate: sumOrNull, frame: { start: { kind: 'rows', offset: -1 }, end: { kind: 'rows', offset: 0 } } };
const runningCount: WindowFunction = { kind: 'aggregate', aggregate: countStar, frame: { start: { kind: 'unbounded' }, end: { kind: 'peers' } } };

function byTime(functions: readonly WindowFunction[], extra: Partial<OverWindowConfig> = {}): OverWindowConfig {
  return { partitionOf: (row) => row[0] as string, order, release: 'watermark', functions, ...extra };
}

describe('overWindow', () => {
  it(
    'emits each row once the watermark passes it, sorted per partition (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b--v---|', { a: data(['k', 1, 5], ['k', 3, 7]), w: wm(2), b: data(['k', 2, 6]), v: wm(4) });
      m.expect(source.pipe(overWindow(byTime([rowNumber, lag])))).toBeObservable('----(cw)--(dv)|', {
        c: data(['k', 1, 5, 1, null]),
        w: wm(2),
        d: data(['k', 2, 6, 2, 5], ['k', 3, 7, 3, 6]),
        v: wm(4),
      });
      m.expect(source).toHaveSubscriptions('^-------------!');
    }),
  );

  it(
    'LEAD waits for the next row of its partition and holds the watermark back to it; the end of input gives the default',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b--v--|', { a: data(['k', 1, 5], ['j', 1, 9]), w: wm(5), b: data(['k', 6, 7]), v: wm(10) });
      m.expect(source.pipe(overWindow(byTime([lead])))).toBeObservable('----w-----d--(e|)', {
        w: wm(1),
        d: data(['k', 1, 5, 7]),
        e: data(['k', 6, 7, -1], ['j', 1, 9, -1]),
      });
    }),
  );

  it(
    'a moving SUM over 1 PRECEDING AND CURRENT ROW and a running COUNT with peers, per partition',
    marbles((m) => {
      const source = m.cold<Message>('-a-|', { a: data(['k', 1, 1], ['j', 1, 10], ['k', 2, 2], ['k', 2, 3], ['j', 3, 20], ['k', 4, 4]) });
      m.expect(source.pipe(overWindow(byTime([movingSum, runningCount])))).toBeObservable('---(e|)', {
        e: data(['k', 1, 1, 1, 1], ['k', 2, 2, 3, 3], ['k', 2, 3, 5, 3], ['k', 4, 4, 7, 4], ['j', 1, 10, 10, 1], ['j', 3, 20, 30, 2]),
      });
    }),
  );

  it(
    'a peer group split by LEAD across watermarks keeps its first peer for a RANGE CURRENT ROW frame',
    marbles((m) => {
      const peers: WindowFunction = { kind: 'aggregate', aggregate: sumOrNull, frame: { start: { kind: 'peers' }, end: { kind: 'peers' } } };
      const source = m.cold<Message>('-a--w--b--v---|', { a: data(['k', 1, 1], ['k', 2, 2], ['k', 2, 3], ['k', 2, 4]), w: wm(3), b: data(['k', 5, 5]), v: wm(6) });
      m.expect(source.pipe(overWindow(byTime([peers, lead])))).toBeObservable('----(cw)--(dv)(e|)', {
        c: data(['k', 1, 1, 1, 2], ['k', 2, 2, 9, 3], ['k', 2, 3, 9, 4]),
        w: wm(2),
        d: data(['k', 2, 4, 9, 5]),
        v: wm(5),
        e: data(['k', 5, 5, 5, -1]),
      });
    }),
  );

  it('sends a row the watermark has passed to onLate and keeps the others', () => {
    const late: Row[] = [];
    const out: Message[] = [];
    const operator = overWindow(byTime([rowNumber], { onLate: (row) => void late.push(row) }));
    const input: Message[] = [data(['k', 5, 1]), wm(6), data(['k', 4, 2], ['k', 7, 3])];
    from(input).pipe(operator).subscribe((message) => out.push(message));
    expect(late).toEqual([['k', 4, 2]]);
    expect(out).toEqual([data(['k', 5, 1, 1]), wm(6), data(['k', 7, 3, 2])]);
  });

  it(
    'an idle partition expires: its waiting rows are emitted as at its end, and a later row starts it afresh',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b--v-|', { a: data(['k', 1, 5]), w: wm(50), b: data(['k', 60, 6]), v: wm(61) });
      m.expect(source.pipe(overWindow(byTime([rowNumber, lead], { expireAfter: 10 })))).toBeObservable('----(cw)--v-(e|)', {
        c: data(['k', 1, 5, 1, -1]),
        w: wm(50),
        v: wm(60),
        e: data(['k', 60, 6, 1, -1]),
      });
    }),
  );

  it(
    'with release at the end, holds every row and watermarks, then emits partitions in order (NTILE and CUME_DIST need their size)',
    marbles((m) => {
      const source = m.cold<Message>('-a-w-b-|', { a: data(['k', 3, 1], ['k', 1, 2]), w: wm(9), b: data(['k', 2, 3], ['k', 2, 4]) });
      const functions: WindowFunction[] = [{ kind: 'ntile', buckets: 2 }, { kind: 'cume_dist' }, { kind: 'rank' }, { kind: 'dense_rank' }, { kind: 'percent_rank' }];
      m.expect(source.pipe(overWindow({ partitionOf: () => 0, order, release: 'end', functions }))).toBeObservable('-------(e|)', {
        e: data(['k', 1, 2, 1, 0.25, 1, 1, 0], ['k', 2, 3, 1, 0.75, 2, 2, 1 / 3], ['k', 2, 4, 2, 0.75, 2, 2, 1 / 3], ['k', 3, 1, 2, 1, 4, 3, 1]),
      });
    }),
  );

  it('hands its partitions to the snapshot sink before it forwards the barrier (-B-)', () => {
    const { log, out } = snapshotOrder((state) => overWindow(byTime([rowNumber], { state })), [data(['k', 1, 5]), barrier(1), wm(2)]);
    expect(log).toEqual(['snapshot 1: partitions, forwarded', 'barrier 1']);
    expect(out).toEqual([barrier(1), data(['k', 1, 5, 1]), wm(2)]);
  });

  it('restored from a barrier, continues numbering, lagging and summing exactly as an uninterrupted run', () => {
    const snapshot = expectRestoreEquivalence(
      (state) => overWindow(byTime([rowNumber, lag, movingSum, runningCount, lead], { state })),
      [data(['k', 1, 1], ['j', 2, 10]), wm(2), data(['k', 3, 3])],
      [data(['k', 2, 2]), wm(3), data(['j', 5, 20]), wm(9)],
    );
    expect(Object.keys(snapshot.tables)).toEqual(['partitions', 'forwarded']);
  });

  it('restored from a barrier, expires idle partitions exactly as an uninterrupted run (the last sweep is part of the state)', () => {
    const snapshot = expectRestoreEquivalence(
      (state) => overWindow(byTime([rowNumber, lead], { state, expireAfter: 8 })),
      [data(['k', 1, 1], ['j', 2, 10]), wm(3), data(['j', 4, 11]), wm(4)],
      [wm(5), data(['j', 9, 12]), wm(10), data(['k', 12, 2]), wm(13), data(['j', 13, 13])],
    );
    expect(Object.keys(snapshot.tables)).toEqual(['partitions', 'forwarded', 'sweptAt']);
  });
});
