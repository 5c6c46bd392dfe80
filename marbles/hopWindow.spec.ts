import { describe, expect, it } from 'vitest';
import { hopWindow } from '../operators/hopWindow.js';
import type { Message } from '../lib/types/message.js';
import { barrier, byKey, countStar, data, eventTime, policy, sumOfValue, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

describe('hopWindow', () => {
  it(
    'merges panes into overlapping windows when the watermark passes their end (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a-b-W-c-|', { a: data(['k', 1]), b: data(['k', 6]), W: wm(10), c: data(['k', 12]) });
      const result = source.pipe(hopWindow({ size: 10, slide: 5, eventTime, grouping: byKey(countStar), lateness: policy('final') }));
      m.expect(result).toBeObservable('-----(xW)(y|)', {
        x: data(['k', 1, -5, 5], ['k', 2, 0, 10]),
        W: wm(10),
        y: data(['k', 2, 5, 15], ['k', 1, 10, 20]),
      });
    }),
  );

  it(
    'emits the window before the data at its start too (windows [−5, 5) and [0, 10))',
    marbles((m) => {
      const source = m.cold<Message>('a|', { a: data(['k', 2, 3], ['j', 7, 4]) });
      const result = source.pipe(hopWindow({ size: 10, slide: 5, eventTime, grouping: byKey(sumOfValue), lateness: policy('final') }));
      m.expect(result).toBeObservable('-(x|)', {
        x: data(['k', 3, -5, 5], ['k', 3, 0, 10], ['j', 4, 0, 10], ['j', 4, 5, 15]),
      });
    }),
  );

  it('gives the same result as adding each row to every window it belongs to', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`k${i % 3}`, (i * 37) % 97, i]);
    const out: Message[] = [];
    marbles((m) => {
      m.cold<Message>('a|', { a: data(...rows) })
        .pipe(hopWindow({ size: 30, slide: 12, eventTime, grouping: byKey(sumOfValue), lateness: policy('final') }))
        .subscribe((msg) => out.push(msg));
    })();
    const expected = new Map<string, number>();
    for (const [key, ts, value] of rows as [string, number, number][]) {
      for (let start = Math.floor(ts / 12) * 12; start > ts - 30; start -= 12) {
        const id = `${key}|${start}`;
        expected.set(id, (expected.get(id) ?? 0) + value);
      }
    }
    const actual = new Map<string, number>();
    for (const msg of out) if (msg.kind === 'data') for (const row of msg.rows) actual.set(`${row[0]}|${row[2]}`, row[1] as number);
    expect(actual).toEqual(expected);
  });

  it(
    'routes rows whose last window is closed as late; a row adds only to its windows still open',
    marbles((m) => {
      const lateness = policy('final');
      const source = m.cold<Message>('W-a|', { W: wm(20), a: data(['k', 9, 1], ['k', 16, 1]) });
      const result = source.pipe(hopWindow({ size: 10, slide: 5, eventTime, grouping: byKey(countStar), lateness }));
      m.expect(result).toBeObservable('W--(x|)', { W: wm(20), x: data(['k', 1, 15, 25]) });
      m.flush();
      expect(lateness.late).toEqual([['k', 9, 1]]);
    }),
  );

  it(
    'emits the changed windows of every batch with EMIT CHANGES',
    marbles((m) => {
      const source = m.cold<Message>('a-b|', { a: data(['k', 1, 1]), b: data(['k', 6, 2]) });
      const result = source.pipe(hopWindow({ size: 10, slide: 5, eventTime, grouping: byKey(sumOfValue), lateness: policy('changes') }));
      m.expect(result).toBeObservable('a-b|', {
        a: data(['k', 1, -5, 5], ['k', 1, 0, 10]),
        b: data(['k', 3, 0, 10], ['k', 2, 5, 15]),
      });
    }),
  );

  it(
    'with update_previous_window re-emits only the emitted windows a late row changes',
    marbles((m) => {
      const source = m.cold<Message>('a-W---b|', { a: data(['k', 1, 1]), W: wm(10), b: data(['k', 2, 2]) });
      const result = source.pipe(hopWindow({ size: 10, slide: 5, eventTime, grouping: byKey(sumOfValue), lateness: policy('update', 5) }));
      m.expect(result).toBeObservable('--(xW)b|', {
        x: data(['k', 1, -5, 5], ['k', 1, 0, 10]),
        W: wm(10),
        b: data(['k', 3, 0, 10]),
      });
    }),
  );

  it(
    'forwards a barrier in place without emitting open windows',
    marbles((m) => {
      const source = m.cold<Message>('-a-B-b-W---|', { a: data(['k', 1]), B: barrier(1), b: data(['k', 6]), W: wm(10) });
      const result = source.pipe(hopWindow({ size: 10, slide: 5, eventTime, grouping: byKey(countStar), lateness: policy('final') }));
      m.expect(result).toBeObservable('---B---(xW)(y|)', { B: barrier(1), x: data(['k', 1, -5, 5], ['k', 2, 0, 10]), W: wm(10), y: data(['k', 1, 5, 15]) });
    }),
  );

  it('hands the snapshot of its panes and windows to the snapshot sink before it forwards the barrier', () => {
    const { log } = snapshotOrder(
      (state) => hopWindow({ size: 10, slide: 5, eventTime, grouping: byKey(countStar), lateness: policy('final'), state }),
      [data(['k', 1]), barrier(7)],
    );
    expect(log).toEqual(['snapshot 7: panes, windows', 'barrier 7']);
  });

  it.each(['final', 'update', 'changes'] as const)('restored from a barrier, continues as an uninterrupted run (emit %s)', (emit) => {
    expectRestoreEquivalence(
      (state) => hopWindow({ size: 10, slide: 5, eventTime, grouping: byKey(sumOfValue), lateness: policy(emit, 5), state }),
      [data(['k', 1, 1], ['j', 12, 2]), wm(10), data(['k', 6, 4])],
      [data(['k', 7, 8], ['j', 18, 16]), wm(15), data(['k', 11, 32]), wm(40)],
    );
  });
});
