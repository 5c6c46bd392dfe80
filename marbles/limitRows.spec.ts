import { describe, it } from 'vitest';
import { limitRows } from '../operators/limitRows.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { marbles } from './helper.js';

const data = (...rows: Row[]): Message => ({ kind: 'data', rows });

describe('limitRows', () => {
  it(
    'cuts the batch that reaches the limit and completes (the doc diagram)',
    marbles((m) => {
      const source = m.cold('--a---b---c--|', { a: data([1], [2]), b: data([3], [4]), c: data([5]) });
      const subscription = '^-----!';
      m.expect(source.pipe(limitRows(3))).toBeObservable('--a---(b|)', { a: data([1], [2]), b: data([3]) });
      m.expect(source).toHaveSubscriptions(subscription);
    }),
  );

  it(
    'completes at once for LIMIT 0',
    marbles((m) => {
      const source = m.cold('--a--|', { a: data([1]) });
      m.expect(source.pipe(limitRows(0))).toBeObservable('|');
    }),
  );
});
