import { describe, it } from 'vitest';
import { mapBatches } from '../operators/mapBatches.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { data, wm } from './aggregationKit.js';
import { marbles } from './helper.js';

const evenOnly = (rows: Row[]): Row[] => rows.filter((r) => (r[0] as number) % 2 === 0);

describe('mapBatches', () => {
  it(
    'emits non-empty transformed batches and passes control messages (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b-|', { a: data([1], [2]), w: wm(3), b: data([3]) });
      m.expect(source.pipe(mapBatches(evenOnly))).toBeObservable('-a--w----|', { a: data([2]), w: wm(3) });
    }),
  );
});
