import { describe, expect, it } from 'vitest';
import { latestByKey } from '../operators/latestByKey.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, data, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

const firstColumn = (row: Row) => row[0] as string;

describe('latestByKey', () => {
  it(
    'emits the latest row of each key changed by a batch (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a---b-|', { a: data(['x', 1], ['y', 2], ['x', 3]), b: data(['y', 4]) });
      m.expect(source.pipe(latestByKey(firstColumn))).toBeObservable('-a---b-|', { a: data(['y', 2], ['x', 3]), b: data(['y', 4]) });
    }),
  );

  it('keeps the live table: one row per key, the latest', () => {
    let table: ReadonlyMap<unknown, Row> | undefined;
    marbles((m) => {
      m.cold<Message>('ab|', { a: data(['x', 1], ['y', 2]), b: data(['x', 5]) })
        .pipe(latestByKey(firstColumn, (t) => (table = t)))
        .subscribe();
    })();
    expect([...table!.entries()]).toEqual([
      ['x', ['x', 5]],
      ['y', ['y', 2]],
    ]);
  });

  it(
    'forwards barriers and watermarks in place',
    marbles((m) => {
      const source = m.cold<Message>('-a-B-w-|', { a: data(['x', 1]), B: barrier(1), w: wm(3) });
      m.expect(source.pipe(latestByKey(firstColumn))).toBeObservable('-a-B-w-|', { a: data(['x', 1]), B: barrier(1), w: wm(3) });
    }),
  );

  it('hands the snapshot of its table to the snapshot sink before it forwards the barrier', () => {
    const { log } = snapshotOrder((state) => latestByKey(firstColumn, undefined, state), [data(['x', 1]), barrier(1)]);
    expect(log).toEqual(['snapshot 1: table', 'barrier 1']);
  });

  it('restored from a barrier, continues as an uninterrupted run and keeps the live table', () => {
    let table: ReadonlyMap<unknown, Row> | undefined;
    expectRestoreEquivalence((state) => latestByKey(firstColumn, (t) => (table = t), state), [data(['x', 1], ['y', 2])], [data(['x', 3]), data(['z', 4])]);
    expect([...table!.values()]).toEqual([['x', 3], ['y', 2], ['z', 4]]);
  });
});
