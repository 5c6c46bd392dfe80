import { describe, it } from 'vitest';
import { unionAll } from '../operators/unionAll.js';
import type { Message } from '../lib/types/message.js';
import { marbles } from './helper.js';

const values: Record<string, Message> = {
  x: { kind: 'data', rows: [['x']] },
  y: { kind: 'data', rows: [['y']] },
  1: { kind: 'watermark', ts: 1 },
  2: { kind: 'watermark', ts: 2 },
  3: { kind: 'watermark', ts: 3 },
  4: { kind: 'watermark', ts: 4 },
};

describe('unionAll', () => {
  it(
    'merges data and emits the minimum watermark (the doc diagram)',
    marbles((m) => {
      const a = m.cold('--x---1-----3---|', values);
      const b = m.cold('----y---2-------4--|', values);
      m.expect(unionAll(a, b)).toBeObservable('--x-y---1---2---4--|', values);
    }),
  );

  it(
    'aligns barriers across inputs',
    marbles((m) => {
      const barrier = { B: { kind: 'barrier', epoch: 7 } as Message };
      const a = m.cold('-B---|', barrier);
      const b = m.cold('---B-|', barrier);
      m.expect(unionAll(a, b)).toBeObservable('---B-|', barrier);
    }),
  );
});
