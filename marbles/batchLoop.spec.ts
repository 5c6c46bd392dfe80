import { describe, expect, it } from 'vitest';
import { compileBatchLoop, type RowTest } from '../operators/batchLoop.js';
import type { Row } from '../lib/types/value.js';

const above = (column: number, constant: number): RowTest => ({ kind: 'native', column, op: '>', constant });

describe('compileBatchLoop', () => {
  it('filters and projects as the doc example says', () => {
    const loop = compileBatchLoop({
      filter: [above(0, 4)],
      project: { kind: 'outputs', outputs: [{ kind: 'column', index: 0 }, { kind: 'computed', compute: (row) => (row[0] as number) * 10 }] },
    });
    expect(loop([[1], [5], [8]])).toEqual([
      [5, 50],
      [8, 80],
    ]);
  });

  it('gives two loops of one shape their own constants and closures (they share the generated code only)', () => {
    const over4 = compileBatchLoop({ filter: [above(0, 4)] });
    const over6 = compileBatchLoop({ filter: [above(0, 6)] });
    const rows: Row[] = [[1], [5], [8]];
    expect(over4(rows)).toEqual([[5], [8]]);
    expect(over6(rows)).toEqual([[8]]);
    const times = (k: number) => compileBatchLoop({ project: { kind: 'outputs', outputs: [{ kind: 'computed', compute: (row) => (row[0] as number) * k }] } });
    expect(times(2)(rows)).toEqual([[2], [10], [16]]);
    expect(times(3)(rows)).toEqual([[3], [15], [24]]);
  });

  it('writes no constant into the generated source: a string constant is compared as it is', () => {
    const tricky = "'); throw new Error('injected'); ('";
    const loop = compileBatchLoop({ filter: [{ kind: 'string_equals', column: 0, negated: false, constant: tricky }] });
    expect(loop([[tricky], ['x'], [null]])).toEqual([[tricky]]);
    expect(loop.toString()).not.toContain('injected');
  });

  it('returns the very batch when every row passes a filter, a copy otherwise', () => {
    const loop = compileBatchLoop({ filter: [above(0, 0)] });
    const all: Row[] = [[1], [2]];
    expect(loop(all)).toBe(all);
    const some: Row[] = [[1], [-1]];
    expect(loop(some)).toEqual([[1]]);
    expect(compileBatchLoop({ filter: [] })(some)).toBe(some);
  });

  it('sends a row whose test or projection throws to onRowError and leaves no slot for it', () => {
    const failed: Row[] = [];
    const boom = (row: Row): boolean => {
      if (row[0] === 3) throw new Error('test failed');
      return true;
    };
    const loop = compileBatchLoop({
      filter: [{ kind: 'predicate', test: boom }],
      project: {
        kind: 'row',
        project: (row) => {
          if (row[0] === 5) throw new Error('projection failed');
          return [row[0]];
        },
      },
      onRowError: (row) => failed.push(row),
    });
    expect(loop([[1], [3], [5], [7]])).toEqual([[1], [7]]);
    expect(failed).toEqual([[3], [5]]);
  });

  it('fails without onRowError, and refuses a column index that is not one', () => {
    const loop = compileBatchLoop({ project: { kind: 'row', project: () => { throw new Error('overflow'); } } });
    expect(() => loop([[1]])).toThrow('overflow');
    expect(() => compileBatchLoop({ filter: [above(1.5, 0)] })).toThrow('a batch loop reads column 1.5: not a column index');
    expect(() => compileBatchLoop({})).toThrow('a batch loop needs a filter or a projection');
  });
});
