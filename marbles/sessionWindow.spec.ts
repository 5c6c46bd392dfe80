import { describe, expect, it } from 'vitest';
import { sessionWindow } from '../operators/sessionWindow.js';
import type { Message } from '../lib/types/message.js';
import { barrier, byKey, countStar, data, eventTime, policy, sumOfValue, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

describe('sessionWindow', () => {
  it(
    'splits sessions at gaps of at least the gap and emits them when the watermark passes (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a-b-c-W----|', { a: data(['k', 0]), b: data(['k', 4]), c: data(['k', 9]), W: wm(20) });
      const result = source.pipe(sessionWindow({ gap: 5, eventTime, grouping: byKey(countStar), lateness: policy('final') }));
      m.expect(result).toBeObservable('-------(xW)-|', { x: data(['k', 2, 0, 9], ['k', 1, 9, 14]), W: wm(20) });
    }),
  );

  it(
    'merges two sessions bridged by an out-of-order event',
    marbles((m) => {
      const source = m.cold<Message>('a-b|', { a: data(['k', 0, 1], ['k', 10, 2]), b: data(['k', 5, 4]) });
      const result = source.pipe(sessionWindow({ gap: 6, eventTime, grouping: byKey(sumOfValue), lateness: policy('final') }));
      m.expect(result).toBeObservable('---(x|)', { x: data(['k', 7, 0, 16]) });
    }),
  );

  it(
    'keeps keys apart and emits changes per batch with EMIT CHANGES',
    marbles((m) => {
      const source = m.cold<Message>('a-b|', { a: data(['x', 0, 1], ['y', 1, 1]), b: data(['x', 2, 5]) });
      const result = source.pipe(sessionWindow({ gap: 5, eventTime, grouping: byKey(sumOfValue), lateness: policy('changes') }));
      m.expect(result).toBeObservable('a-b|', { a: data(['x', 1, 0, 5], ['y', 1, 1, 6]), b: data(['x', 6, 0, 7]) });
    }),
  );

  it(
    'routes an event whose session would already be closed as late',
    marbles((m) => {
      const lateness = policy('final');
      const source = m.cold<Message>('W-a|', { W: wm(100), a: data(['k', 50, 1], ['k', 98, 1]) });
      const result = source.pipe(sessionWindow({ gap: 5, eventTime, grouping: byKey(countStar), lateness }));
      m.expect(result).toBeObservable('W--(x|)', { W: wm(100), x: data(['k', 1, 98, 103]) });
      m.flush();
      expect(lateness.late).toEqual([['k', 50, 1]]);
    }),
  );

  it(
    'forwards a barrier in place without emitting open sessions',
    marbles((m) => {
      const source = m.cold<Message>('-a-B-b-W----|', { a: data(['k', 0]), B: barrier(1), b: data(['k', 4]), W: wm(20) });
      const result = source.pipe(sessionWindow({ gap: 5, eventTime, grouping: byKey(countStar), lateness: policy('final') }));
      m.expect(result).toBeObservable('---B---(xW)-|', { B: barrier(1), x: data(['k', 2, 0, 9]), W: wm(20) });
    }),
  );

  it('hands the snapshot of its sessions to the snapshot sink before it forwards the barrier', () => {
    const { log } = snapshotOrder(
      (state) => sessionWindow({ gap: 5, eventTime, grouping: byKey(countStar), lateness: policy('final'), state }),
      [data(['k', 1]), barrier(1)],
    );
    expect(log).toEqual(['snapshot 1: sessions', 'barrier 1']);
  });

  it.each(['final', 'update', 'changes'] as const)('restored from a barrier, continues as an uninterrupted run (emit %s)', (emit) => {
    expectRestoreEquivalence(
      (state) => sessionWindow({ gap: 5, eventTime, grouping: byKey(sumOfValue), lateness: policy(emit, 3), state }),
      [data(['k', 0, 1], ['j', 2, 2], ['k', 20, 4]), wm(8)],
      [data(['k', 3, 8], ['k', 23, 16], ['j', 30, 32]), wm(12), data(['k', 9, 64]), wm(60)],
    );
  });
});
