import { describe, expect, it } from 'vitest';
import { Observable, VirtualTimeScheduler } from 'rxjs';
import { keyedAggregate } from '../operators/keyedAggregate.js';
import type { Message } from '../lib/types/message.js';
import { barrier, byKey, countStar, data, sumOfValue, sumOrNull, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

describe('keyedAggregate', () => {
  it(
    'emits the latest row of each changed key after every batch (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a--b--|', { a: data(['x'], ['y'], ['x']), b: data(['y']) });
      m.expect(source.pipe(keyedAggregate({ grouping: byKey(countStar), emit: 'changes' }))).toBeObservable('-a--b--|', {
        a: data(['x', 2], ['y', 1]),
        b: data(['y', 2]),
      });
    }),
  );

  it(
    'emits every key once at the end of input with EMIT FINAL and passes watermarks',
    marbles((m) => {
      const source = m.cold<Message>('a-W-b|', { a: data(['x'], [null]), W: wm(5), b: data([null]) });
      m.expect(source.pipe(keyedAggregate({ grouping: byKey(countStar), emit: 'final' }))).toBeObservable('--W--(x|)', {
        W: wm(5),
        x: data(['x', 1], [null, 2]),
      });
    }),
  );

  it(
    'without GROUP BY, emits one row of aggregates over nothing when the input ends without rows (the doc diagram)',
    marbles((m) => {
      const global = { keyOf: () => null, keyValues: () => [], aggregates: [countStar, sumOrNull] };
      const empty = m.cold<Message>('--W--|', { W: wm(5) });
      m.expect(empty.pipe(keyedAggregate({ grouping: global, emit: 'changes', global: true }))).toBeObservable('--W--(e|)', { W: wm(5), e: data([0, null]) });
      m.expect(empty.pipe(keyedAggregate({ grouping: global, emit: 'final', global: true }))).toBeObservable('--W--(e|)', { W: wm(5), e: data([0, null]) });
      const emptyBatch = m.cold<Message>('-a-|', { a: data() });
      m.expect(emptyBatch.pipe(keyedAggregate({ grouping: global, emit: 'changes', global: true }))).toBeObservable('---(e|)', { e: data([0, null]) });
      const someRows = m.cold<Message>('-a-|', { a: data(['x', 0, 2]) });
      m.expect(someRows.pipe(keyedAggregate({ grouping: global, emit: 'changes', global: true }))).toBeObservable('-a-|', { a: data([1, 2]) });
      m.expect(empty.pipe(keyedAggregate({ grouping: byKey(countStar), emit: 'changes' }))).toBeObservable('--W--|', { W: wm(5) });
    }),
  );

  it('keeps state flat over an unbounded key space with a TTL', () => {
    const run = (stateTtl: number | undefined): { maxKeys: number; rowsOut: number } => {
      const scheduler = new VirtualTimeScheduler();
      let maxKeys = 0;
      let rowsOut = 0;
      const batches = new Observable<Message>((subscriber) => {
        let batch = 0;
        const step = (): void => {
          if (batch === 200) return subscriber.complete();
          subscriber.next(data(...Array.from({ length: 100 }, (_, i) => [`key-${batch}-${i}`])));
          batch++;
          scheduler.schedule(step, 10);
        };
        step();
      });
      batches
        .pipe(keyedAggregate({ grouping: byKey(countStar), emit: 'changes', stateTtl, scheduler, onStateSize: (n) => (maxKeys = Math.max(maxKeys, n)) }))
        .subscribe((msg) => {
          if (msg.kind === 'data') rowsOut += msg.rows.length;
        });
      scheduler.flush();
      return { maxKeys, rowsOut };
    };
    const bounded = run(100);
    const unbounded = run(undefined);
    expect(bounded.rowsOut).toBe(20_000);
    expect(unbounded.maxKeys).toBe(20_000);
    expect(bounded.maxKeys).toBeLessThanOrEqual(1_500);
  });

  it('emitting new keys (DISTINCT, UNION) with a TTL, emits a row again only once it was forgotten', () => {
    const scheduler = new VirtualTimeScheduler();
    const emitted: { at: number; rows: unknown[] }[] = [];
    const sightings: [number, string][] = [[0, 'x'], [50, 'x'], [60, 'y'], [200, 'x'], [220, 'y'], [400, 'x']];
    const source = new Observable<Message>((subscriber) => {
      for (const [at, key] of sightings) scheduler.schedule(() => subscriber.next(data([key])), at);
      scheduler.schedule(() => subscriber.complete(), 500);
    });
    source.pipe(keyedAggregate({ grouping: byKey(), emit: 'new_keys', stateTtl: 100, scheduler })).subscribe((msg) => {
      if (msg.kind === 'data') emitted.push({ at: scheduler.now(), rows: [...msg.rows] });
    });
    scheduler.flush();
    // x at 50 is still remembered; at 200 it was last seen 150 ms ago (> ttl): forgotten, emitted again.
    expect(emitted).toEqual([
      { at: 0, rows: [['x']] },
      { at: 60, rows: [['y']] },
      { at: 200, rows: [['x']] },
      { at: 220, rows: [['y']] },
      { at: 400, rows: [['x']] },
    ]);
  });

  it(
    'forwards a barrier in place; with EMIT FINAL the keys still wait for the end of input',
    marbles((m) => {
      const source = m.cold<Message>('a-B-b|', { a: data(['x']), B: barrier(1), b: data(['x']) });
      m.expect(source.pipe(keyedAggregate({ grouping: byKey(countStar), emit: 'final' }))).toBeObservable('--B--(x|)', { B: barrier(1), x: data(['x', 2]) });
    }),
  );

  it('hands the snapshot of its groups to the snapshot sink before it forwards the barrier', () => {
    const { log } = snapshotOrder((state) => keyedAggregate({ grouping: byKey(countStar), emit: 'changes', state }), [data(['x']), barrier(3)]);
    expect(log).toEqual(['snapshot 3: groups', 'barrier 3']);
  });

  it.each(['changes', 'final', 'new_keys'] as const)('restored from a barrier, continues as an uninterrupted run (emit %s)', (emit) => {
    expectRestoreEquivalence(
      (state) => keyedAggregate({ grouping: byKey(sumOfValue), emit, state }),
      [data(['x', 0, 1], ['y', 0, 2]), wm(4), data(['x', 0, 4])],
      [data(['x', 0, 8], ['z', 0, 16]), data(['y', 0, 32])],
    );
  });
});
