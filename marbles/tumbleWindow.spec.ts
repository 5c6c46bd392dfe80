import { describe, expect, it } from 'vitest';
import { tumbleWindow } from '../operators/tumbleWindow.js';
import type { Message } from '../lib/types/message.js';
import { barrier, byKey, countStar, data, eventTime, policy, sumOfValue, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

describe('tumbleWindow', () => {
  it(
    'emits one row per window and key when the watermark passes the end (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('--a--b--W--c--|', { a: data(['k1', 1]), b: data(['k1', 4]), W: wm(10), c: data(['k1', 12]) });
      const result = source.pipe(tumbleWindow({ size: 10, eventTime, grouping: byKey(countStar), lateness: policy('final') }));
      m.expect(result).toBeObservable('--------(xW)--(y|)', {
        x: data(['k1', 2, 0, 10]),
        W: wm(10),
        y: data(['k1', 1, 10, 20]),
      });
    }),
  );

  it(
    'keeps out-of-order rows within the watermark bound and routes rows of closed windows as late',
    marbles((m) => {
      const lateness = policy('final');
      const source = m.cold<Message>('a-W-b-c|', { a: data(['k', 15, 1], ['k', 3, 2]), W: wm(10), b: data(['k', 5, 4]), c: data(['k', 19, 8]) });
      const result = source.pipe(tumbleWindow({ size: 10, eventTime, grouping: byKey(sumOfValue), lateness }));
      m.expect(result).toBeObservable('--(xW)-(y|)', { x: data(['k', 2, 0, 10]), W: wm(10), y: data(['k', 9, 10, 20]) });
      m.flush();
      expect(lateness.late).toEqual([['k', 5, 4]]);
    }),
  );

  it(
    'emits changed rows after every batch with EMIT CHANGES',
    marbles((m) => {
      const source = m.cold<Message>('a-b|', { a: data(['x', 1, 1], ['y', 2, 5], ['x', 3, 1]), b: data(['x', 4, 10]) });
      const result = source.pipe(tumbleWindow({ size: 10, eventTime, grouping: byKey(sumOfValue), lateness: policy('changes') }));
      m.expect(result).toBeObservable('a-b|', { a: data(['x', 2, 0, 10], ['y', 5, 0, 10]), b: data(['x', 12, 0, 10]) });
    }),
  );

  it(
    'with update_previous_window re-emits a corrected row for late rows within the allowed lateness',
    marbles((m) => {
      const lateness = policy('update', 5);
      const source = m.cold<Message>('a-W---b-V---c|', { a: data(['k', 1, 1]), W: wm(10), b: data(['k', 2, 2]), V: wm(15), c: data(['k', 3, 4]) });
      const result = source.pipe(tumbleWindow({ size: 10, eventTime, grouping: byKey(sumOfValue), lateness }));
      m.expect(result).toBeObservable('--(xW)y-V----|', { x: data(['k', 1, 0, 10]), W: wm(10), y: data(['k', 3, 0, 10]), V: wm(15) });
      m.flush();
      expect(lateness.late).toEqual([['k', 3, 4]]);
    }),
  );

  it(
    'waits for the allowed lateness before the final row',
    marbles((m) => {
      const lateness = policy('final', 5);
      const source = m.cold<Message>('a-W-b-V----|', { a: data(['k', 1, 1]), W: wm(10), b: data(['k', 2, 2]), V: wm(15) });
      const result = source.pipe(tumbleWindow({ size: 10, eventTime, grouping: byKey(sumOfValue), lateness }));
      m.expect(result).toBeObservable('--W---(xV)-|', { x: data(['k', 3, 0, 10]), W: wm(10), V: wm(15) });
    }),
  );

  it('sends a row without event time to the row error handler', () => {
    const errors: unknown[] = [];
    const out: Message[] = [];
    marbles((m) => {
      m.cold<Message>('a|', { a: data(['k', null, 1], ['k', 2, 1]) })
        .pipe(tumbleWindow({ size: 10, eventTime, grouping: byKey(countStar), lateness: policy('final'), onRowError: (_r, e) => errors.push(e) }))
        .subscribe((msg) => out.push(msg));
    })();
    expect(errors).toHaveLength(1);
    expect(out).toEqual([data(['k', 1, 0, 10])]);
  });

  it(
    'forwards a barrier in place, after the rows before it, without emitting open windows',
    marbles((m) => {
      const source = m.cold<Message>('--a--B--b--W----|', { a: data(['k', 1]), B: barrier(1), b: data(['k', 4]), W: wm(10) });
      const result = source.pipe(tumbleWindow({ size: 10, eventTime, grouping: byKey(countStar), lateness: policy('final') }));
      m.expect(result).toBeObservable('-----B-----(xW)-|', { B: barrier(1), x: data(['k', 2, 0, 10]), W: wm(10) });
    }),
  );

  it('hands the snapshot of its windows to the snapshot sink before it forwards the barrier', () => {
    const { log } = snapshotOrder(
      (state) => tumbleWindow({ size: 10, eventTime, grouping: byKey(countStar), lateness: policy('final'), state }),
      [data(['k', 1]), barrier(1), data(['k', 4]), barrier(2)],
    );
    expect(log).toEqual(['snapshot 1: windows, emitted', 'barrier 1', 'snapshot 2: windows, emitted', 'barrier 2']);
  });

  it.each(['final', 'update', 'changes'] as const)('restored from a barrier, continues as an uninterrupted run (emit %s)', (emit) => {
    const snapshot = expectRestoreEquivalence(
      (state) => tumbleWindow({ size: 10, eventTime, grouping: byKey(sumOfValue), lateness: policy(emit, 5), state }),
      [data(['k', 1, 1], ['j', 12, 2]), wm(10), data(['k', 3, 4])],
      [data(['k', 5, 8], ['j', 18, 16]), wm(15), data(['k', 4, 32]), wm(30)],
    );
    expect(snapshot.watermark).toBe(10);
    expect(Object.keys(snapshot.tables)).toEqual(['windows', 'emitted']);
  });
});
