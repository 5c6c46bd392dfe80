import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
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
  z: { kind: 'data', rows: [['z']] },
  B: { kind: 'barrier', epoch: 1 },
  C: { kind: 'barrier', epoch: 2 },
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

  it(
    'holds back an input that delivered a barrier until every input has delivered it, so no row crosses the epoch',
    marbles((m) => {
      const a = m.cold('-x-B-y-1-----|', values);
      const b = m.cold('---z---B---2-|', values);
      m.expect(unionAll(a, b)).toBeObservable('-x-z---(By)1-(2|)', values);
    }),
  );

  it(
    'stops counting an input that completed: the barrier of the others goes out',
    marbles((m) => {
      const a = m.cold('-B-y---|', values);
      const b = m.cold('---|', values);
      m.expect(unionAll(a, b)).toBeObservable('---(By)|', values);
    }),
  );

  it(
    'aligns consecutive barriers, replaying a second one that was held behind the first',
    marbles((m) => {
      const a = m.cold('BxC---|', values);
      const b = m.cold('---B---C|', values);
      m.expect(unionAll(a, b)).toBeObservable('---(Bx)C|', values);
    }),
  );

  it('fails with a clear error when the inputs deliver barriers in different orders', () => {
    const a = new Subject<Message>();
    const b = new Subject<Message>();
    let error: unknown;
    unionAll(a, b).subscribe({ error: (e: unknown) => (error = e) });
    a.next({ kind: 'barrier', epoch: 1 });
    b.next({ kind: 'barrier', epoch: 2 });
    expect(String(error)).toMatch(/input 2 delivered barrier 2 while barrier 1 is being aligned/);
  });
});
