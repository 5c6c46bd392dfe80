import { describe, expect, it } from 'vitest';
import { projectRows } from '../operators/projectRows.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { marbles } from './helper.js';

const data = (...rows: Row[]): Message => ({ kind: 'data', rows });
const sum = (row: Row): Row => [(row[0] as number) + (row[1] as number)];

describe('projectRows', () => {
  it(
    'maps every row and passes watermarks (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('--a----w--|', { a: data([1, 2], [3, 4]), w: { kind: 'watermark', ts: 5 } });
      m.expect(source.pipe(projectRows(sum))).toBeObservable('--a----w--|', {
        a: data([3], [7]),
        w: { kind: 'watermark', ts: 5 },
      });
    }),
  );

  it('leaves out a row whose projection throws and reports it', () => {
    const failed: unknown[] = [];
    const out: Message[] = [];
    const fragile = (row: Row): Row => {
      if (row[0] === 0) throw new Error('boom');
      return [row[0]];
    };
    marbles((m) => {
      m.cold('a|', { a: data([0], [1]) })
        .pipe(projectRows(fragile, (_row, error) => failed.push((error as Error).message)))
        .subscribe((msg) => out.push(msg));
    })();
    expect(failed).toEqual(['boom']);
    expect(out).toEqual([data([1])]);
  });
});
