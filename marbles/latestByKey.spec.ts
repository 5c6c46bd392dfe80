import { describe, expect, it } from 'vitest';
import { latestByKey } from '../operators/latestByKey.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { data } from './aggregationKit.js';
import { marbles } from './helper.js';

const firstColumn = (row: Row) => row[0] as string;

describe('latestByKey', () => {
  it(
    'emits the latest row of each key changed by a batch (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a---b-|', { a: data(['x', 1], ['y', 2], ['x', 3]), b: data(['y', 4]) });
      m.expect(source.pipe(latestByKey(firstColumn))).toBeObservable('-a---b-|', { a: data(['y', 2], ['x', 3]), b: data(['y', 4]) });
    }),
  );

  it('keeps the live table: one row per key, the latest', () => {
    let table: ReadonlyMap<unknown, Row> | undefined;
    marbles((m) => {
      m.cold<Message>('ab|', { a: data(['x', 1], ['y', 2]), b: data(['x', 5]) })
        .pipe(latestByKey(firstColumn, (t) => (table = t)))
        .subscribe();
    })();
    expect([...table!.entries()]).toEqual([
      ['x', ['x', 5]],
      ['y', ['y', 2]],
    ]);
  });
});
