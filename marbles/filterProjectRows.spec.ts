import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { filterProjectRows } from '../operators/filterProjectRows.js';
import { filterRows } from '../operators/filterRows.js';
import { projectRows } from '../operators/projectRows.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, data, wm } from './aggregationKit.js';
import { marbles } from './helper.js';

const greaterThan4 = (row: Row): boolean => (row[0] as number) > 4;
const withTenfold = (row: Row): Row => [row[0]!, (row[0] as number) * 10];

describe('filterProjectRows', () => {
  it(
    'projects the rows it keeps, drops emptied batches, passes watermarks and barriers (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('--a-----w---b-B-|', { a: data([1], [5], [8]), w: wm(10), b: data([2]), B: barrier(1) });
      m.expect(source.pipe(filterProjectRows(greaterThan4, withTenfold))).toBeObservable('--a-----w-----B-|', {
        a: data([5, 50], [8, 80]),
        w: wm(10),
        B: barrier(1),
      });
    }),
  );

  it('gives what filterRows then projectRows give, and sends a row whose predicate or projection throws to onRowError', () => {
    const failing = (row: Row): boolean => {
      if (row[0] === 6) throw new Error('bad predicate');
      return greaterThan4(row);
    };
    const project = (row: Row): Row => {
      if (row[0] === 7) throw new Error('bad projection');
      return withTenfold(row);
    };
    const input: Message[] = [data([1], [5], [6], [7], [9]), wm(3), data([8])];
    const run = (operator: (errors: Row[]) => ReturnType<typeof filterProjectRows>): { out: Message[]; errors: Row[] } => {
      const errors: Row[] = [];
      const out: Message[] = [];
      from(input).pipe(operator(errors)).subscribe((message) => out.push(message));
      return { out, errors };
    };
    const fused = run((errors) => filterProjectRows(failing, project, (row) => void errors.push(row)));
    const apart = run((errors) => (source) => source.pipe(filterRows(failing, (row) => void errors.push(row)), projectRows(project, (row) => void errors.push(row))));
    expect(fused.out).toEqual([data([5, 50], [9, 90]), wm(3), data([8, 80])]);
    expect(fused).toEqual(apart);
    expect(fused.errors).toEqual([[6], [7]]);
  });
});
