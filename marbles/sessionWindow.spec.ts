import { describe, expect, it } from 'vitest';
import { sessionWindow } from '../operators/sessionWindow.js';
import type { Message } from '../lib/types/message.js';
import { byKey, countStar, data, eventTime, policy, sumOfValue, wm } from './aggregationKit.js';
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
});
