import { describe, expect, it } from 'vitest';
import { assignWatermarks } from '../operators/assignWatermarks.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { data, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

/** Test rows are [partition, eventTime]. */
const eventTime = (row: Row) => row[1]!;
const partitionOf = (row: Row) => row[0]!;

describe('assignWatermarks', () => {
  it(
    'emits the minimum over partitions of the largest event time minus the bound (the doc diagram)',
    marbles((m) => {
      const values = { a: data(['p0', 10], ['p1', 7]), b: data(['p0', 20]), c: data(['p1', 15]) };
      const source = m.cold<Message>('-a----b----c----|', values);
      const result = source.pipe(assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 2 }));
      m.expect(result).toBeObservable('-(aw)-b----(cv)-|', { ...values, w: wm(5), v: wm(13) });
    }),
  );

  it(
    'stops waiting for a partition that has been idle longer than the idle timeout',
    marbles((m) => {
      const values = { a: data(['p0', 10], ['p1', 7]), b: data(['p0', 20]), c: data(['p0', 30]) };
      const source = m.cold<Message>('a----b-----------c----|', values);
      const result = source.pipe(assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 0, idleTimeout: 10, scheduler: m.scheduler }));
      m.expect(result).toBeObservable('(aw)-b-----------(cv)-|', { ...values, w: wm(7), v: wm(30) });
    }),
  );

  it(
    'drops upstream watermarks and passes barriers',
    marbles((m) => {
      const values = { W: wm(100), B: { kind: 'barrier', epoch: 1 } as Message };
      const source = m.cold<Message>('W-B|', values);
      m.expect(source.pipe(assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 0 }))).toBeObservable('--B|', values);
    }),
  );
});

describe('assignWatermarks with a known number of partitions', () => {
  it(
    'waits until every expected partition has sent a row',
    marbles((m) => {
      const values = { a: data(['f0', 10]), b: data(['f0', 20]), c: data(['f1', 5]) };
      const source = m.cold<Message>('a-b-c----|', values);
      const result = source.pipe(assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 0, expectedPartitions: 2 }));
      m.expect(result).toBeObservable('a-b-(cw)-|', { ...values, w: wm(5) });
    }),
  );

  it('snapshots the largest event time of each partition at a barrier, before forwarding it', () => {
    const { log, out } = snapshotOrder((state) => assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 0, state }), [data(['p0', 10]), { kind: 'barrier', epoch: 1 }]);
    expect(log).toEqual(['snapshot 1: partitions', 'barrier 1']);
    expect(out.map((m) => m.kind)).toEqual(['data', 'watermark', 'barrier']);
  });

  it('restored from a snapshot, still holds the watermark at a partition that sends no new rows', () => {
    // Without the restored p1 (largest event time 7), the row of p0 at 20 would give watermark 20.
    const snapshot = expectRestoreEquivalence(
      (state) => assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 0, state }),
      [data(['p0', 10], ['p1', 7])],
      [data(['p0', 20]), data(['p1', 15])],
    );
    expect(snapshot.tables.partitions).toEqual([['p0', 10], ['p1', 7]]);
  });
});

describe('assignWatermarks with repartition markers (per-partition watermarks from the source)', () => {
  /** A marker: source partition `partition` reached event time `ts`. */
  const marker = (partition: string, ts: number): Message => ({ kind: 'watermark', ts, partition });

  it(
    'counts a marker as its partition\'s largest event time: the minimum over the partitions heard of (the doc diagram)',
    marbles((m) => {
      const values = { a: data(['p0', 10]), m: marker('p1', 30), v: wm(10) };
      const source = m.cold<Message>('-a----m----|', values);
      const result = source.pipe(assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 0, expectedPartitions: 2 }));
      m.expect(result).toBeObservable('-a----v----|', values);
    }),
  );

  it(
    'moves the watermark of a task that gets no rows of a partition at all (only its markers)',
    marbles((m) => {
      const values = { a: data(['p0', 10], ['p0', 25]), m: marker('p1', 12), n: marker('p1', 40), v: wm(12), w: wm(25) };
      const source = m.cold<Message>('a--m--n--|', values);
      const result = source.pipe(assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 0, expectedPartitions: 2 }));
      m.expect(result).toBeObservable('a--v--w--|', values);
    }),
  );

  it(
    'never moves a partition back: a marker behind its rows changes nothing, and the bound still applies',
    marbles((m) => {
      const values = { a: data(['p0', 50], ['p1', 40]), m: marker('p1', 20), n: marker('p1', 60), v: wm(35), w: wm(45) };
      const source = m.cold<Message>('a--m--n--|', values);
      const result = source.pipe(assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 5, expectedPartitions: 2 }));
      m.expect(result).toBeObservable('(av)--w--|', values);
    }),
  );

  it('snapshots the event time a marker brought, so a restored task does not wait for that partition again', () => {
    // Without the restored p1 (30, from a marker), the row of p0 at 20 would give no watermark (p1 never heard of).
    const snapshot = expectRestoreEquivalence(
      (state) => assignWatermarks({ eventTime, partitionOf, maxOutOfOrderness: 0, expectedPartitions: 2, state }),
      [data(['p0', 10]), marker('p1', 30)],
      [data(['p0', 20])],
    );
    expect(snapshot.tables.partitions).toEqual([['p0', 10], ['p1', 30]]);
  });
});
