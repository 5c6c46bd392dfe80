import { describe, it } from 'vitest';
import { sortRows } from '../operators/sortRows.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, data, wm } from './aggregationKit.js';
import { marbles } from './helper.js';

const ascending = (a: Row, b: Row): number => (a[0] as number) - (b[0] as number);

describe('sortRows', () => {
  it(
    'sorts each batch and passes control messages (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b-|', { a: data([3], [1], [2]), w: wm(1), b: data([5], [4]) });
      m.expect(source.pipe(sortRows(ascending))).toBeObservable('-a--w--b-|', { a: data([1], [2], [3]), w: wm(1), b: data([4], [5]) });
    }),
  );

  it(
    'keeps no state across batches: a barrier passes in place, between the sorted batches',
    marbles((m) => {
      const source = m.cold<Message>('-a-B-b-|', { a: data([2], [1]), B: barrier(1), b: data([4], [3]) });
      m.expect(source.pipe(sortRows(ascending))).toBeObservable('-a-B-b-|', { a: data([1], [2]), B: barrier(1), b: data([3], [4]) });
    }),
  );
});
