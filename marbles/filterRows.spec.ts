import { describe, expect, it } from 'vitest';
import { filterRows } from '../operators/filterRows.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { marbles } from './helper.js';

const data = (...rows: Row[]): Message => ({ kind: 'data', rows });
const wm = (ts: number): Message => ({ kind: 'watermark', ts });
const greaterThan4 = (row: Row): boolean => (row[0] as number) > 4;

describe('filterRows', () => {
  it(
    'keeps matching rows, drops emptied batches, passes watermarks (the doc diagram)',
    marbles((m) => {
      const source = m.cold('--a-----w---b---|', { a: data([1], [5], [8]), b: data([2]), w: wm(10) });
      const expected = '--a-----w-------|';
      m.expect(source.pipe(filterRows(greaterThan4))).toBeObservable(expected, { a: data([5], [8]), w: wm(10) });
    }),
  );

  it(
    'passes barriers and errors through',
    marbles((m) => {
      const barrier: Message = { kind: 'barrier', epoch: 1 };
      const source = m.cold('-b-#', { b: barrier });
      m.expect(source.pipe(filterRows(greaterThan4))).toBeObservable('-b-#', { b: barrier });
    }),
  );

  it('forwards a batch whose rows all pass as the same message, without a copy', () => {
    const all = data([5], [8]);
    const some = data([1], [5]);
    const results: Message[] = [];
    marbles((m) => {
      m.cold('ab|', { a: all, b: some })
        .pipe(filterRows(greaterThan4))
        .subscribe((msg) => results.push(msg));
    })();
    expect(results).toHaveLength(2);
    expect(results[0]).toBe(all);
    expect(results[1]).not.toBe(some);
    expect(results[1]).toEqual(data([5]));
  });

  it('routes a row whose predicate throws to the handler and keeps the others', () => {
    const failed: Row[] = [];
    const results: Message[] = [];
    const throwsOnNull = (row: Row): boolean => {
      if (row[0] === null) throw new Error('null');
      return true;
    };
    marbles((m) => {
      const source = m.cold('a|', { a: data([1], [null], [3]) });
      source.pipe(filterRows(throwsOnNull, (row) => failed.push(row))).subscribe((msg) => results.push(msg));
    })();
    expect(failed).toEqual([[null]]);
    expect(results).toEqual([data([1], [3])]);
  });
});
