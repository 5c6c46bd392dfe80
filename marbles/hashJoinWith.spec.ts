import { describe, expect, it } from 'vitest';
import { hashJoinWith, type HashJoinConfig } from '../operators/hashJoinWith.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, data, wm } from './aggregationKit.js';
import { marbles } from './helper.js';
import { expectJoinRestoreEquivalence } from './joinKit.js';

const first = (row: Row): string | undefined => (row[0] === null ? undefined : (row[0] as string));
const left: HashJoinConfig = { kind: 'LEFT', streamKey: first, tableKey: first, primaryKey: (row) => row[0] as string, tableWidth: 2 };
const inner: HashJoinConfig = { ...left, kind: 'INNER' };
/** Table rows [symbol, name, valid_from]; stream rows [symbol, qty, time]. */
const versioned: HashJoinConfig = { ...left, tableWidth: 3, tableTime: (row) => row[2]!, streamTime: (row) => row[2]! };

describe('hashJoinWith', () => {
  it(
    'waits for the whole table, then joins each stream row; LEFT gives NULLs without a match (the doc diagram)',
    marbles((m) => {
      const table = m.cold<Message>('-k----|', { k: data(['AAPL', 'Apple']) });
      const source = m.cold<Message>('--a-1-----b-|', { a: data(['AAPL', 10]), 1: wm(1), b: data(['MSFT', 20]) });
      m.expect(source.pipe(hashJoinWith(table, left))).toBeObservable('------(x1)b-|', {
        x: data(['AAPL', 10, 'AAPL', 'Apple']),
        1: wm(1),
        b: data(['MSFT', 20, null, null]),
      });
    }),
  );

  it(
    'INNER drops unmatched rows and rows with a NULL key; every matching table row gives a row',
    marbles((m) => {
      const noKey: HashJoinConfig = { ...inner, primaryKey: undefined };
      const table = m.cold<Message>('ab|', { a: data(['x', 1], ['y', 2]), b: data(['x', 3]) });
      const source = m.cold<Message>('----s|', { s: data(['x', 'p'], [null, 'q'], ['z', 'r']) });
      m.expect(source.pipe(hashJoinWith(table, noKey))).toBeObservable('----s|', { s: data(['x', 'p', 'x', 1], ['x', 'p', 'x', 3]) });
    }),
  );

  it(
    'a later table row of the same primary key replaces the earlier one',
    marbles((m) => {
      const table = m.cold<Message>('ab|', { a: data(['x', 1]), b: data(['x', 2]) });
      const source = m.cold<Message>('---s|', { s: data(['x', 'p']) });
      m.expect(source.pipe(hashJoinWith(table, inner))).toBeObservable('---s|', { s: data(['x', 'p', 'x', 2]) });
    }),
  );

  it(
    'a residual condition filters the pairs; LEFT then gives NULLs',
    marbles((m) => {
      const config: HashJoinConfig = { ...left, residual: (row) => (row[3] as number) > (row[1] as number) };
      const table = m.cold<Message>('a|', { a: data(['x', 5]) });
      const source = m.cold<Message>('--s|', { s: data(['x', 1], ['x', 9]) });
      m.expect(source.pipe(hashJoinWith(table, config))).toBeObservable('--s|', { s: data(['x', 1, 'x', 5], ['x', 9, null, null]) });
    }),
  );

  it(
    'versioned by event time: a stream row sees the table as of its time, once the table watermark has passed it',
    marbles((m) => {
      const table = m.cold<Message>('a-b-1---2--|', { a: data(['x', 'old', 0]), b: data(['x', 'new', 10]), 1: wm(5), 2: wm(20) });
      const source = m.cold<Message>('-s-t--7-----|', { s: data(['x', 'q', 3]), t: data(['x', 'r', 12]), 7: wm(7) });
      m.expect(source.pipe(hashJoinWith(table, versioned))).toBeObservable('----s-5-(t7)|', {
        s: data(['x', 'q', 3, 'x', 'old', 0]),
        t: data(['x', 'r', 12, 'x', 'new', 10]),
        5: wm(5),
        7: wm(7),
      });
    }),
  );

  it(
    'aligns barriers: the stream is held behind its barrier until the table delivers it',
    marbles((m) => {
      const table = m.cold<Message>('-k---B|', { k: data(['x', 'X']), B: barrier(1) });
      const source = m.cold<Message>('-B-a----|', { a: data(['x', 1]), B: barrier(1) });
      m.expect(source.pipe(hashJoinWith(table, inner))).toBeObservable('-----Ba-|', { B: barrier(1), a: data(['x', 1, 'x', 'X']) });
    }),
  );

  it(
    'routes a stream row whose condition throws, and a table row whose key throws, to their error handlers; the others go on',
    marbles((m) => {
      const failed: [string, unknown][] = [];
      const config: HashJoinConfig = {
        ...inner,
        tableKey: (row) => {
          if (row[1] === 'bad') throw new Error('bad table key');
          return first(row);
        },
        residual: (row) => {
          if (row[1] === 'boom') throw new Error('bad condition');
          return true;
        },
        onRowError: [(row) => void failed.push(['stream', row[1]]), (row) => void failed.push(['table', row[1]])],
      };
      const table = m.cold<Message>('a|', { a: data(['x', 'X'], ['y', 'bad']) });
      const source = m.cold<Message>('--s|', { s: data(['x', 'boom'], ['x', 'ok']) });
      m.expect(source.pipe(hashJoinWith(table, config))).toBeObservable('--s|', { s: data(['x', 'ok', 'x', 'X']) });
      m.flush();
      expect(failed).toEqual([['table', 'bad'], ['stream', 'boom']]);
    }),
  );

  it(
    'probe mode (a subquery): each stream row once, with its first match or NULLs and whether it matched',
    marbles((m) => {
      const probe: HashJoinConfig = { ...inner, primaryKey: undefined, probe: { atMostOne: undefined } };
      const table = m.cold<Message>('a|', { a: data(['x', 1], ['x', 2]) });
      const source = m.cold<Message>('--s|', { s: data(['x', 'p'], [null, 'q'], ['z', 'r']) });
      m.expect(source.pipe(hashJoinWith(table, probe))).toBeObservable('--s|', {
        s: data(['x', 'p', 'x', 1, true], [null, 'q', null, null, false], ['z', 'r', null, null, false]),
      });
    }),
  );

  it(
    'probe mode with atMostOne: a second match is a row error of the stream row, the others go on',
    marbles((m) => {
      const failed: unknown[] = [];
      const probe: HashJoinConfig = {
        ...inner,
        primaryKey: undefined,
        probe: { atMostOne: 'more than one row' },
        onRowError: [(row, error) => void failed.push([row[1], (error as Error).message]), () => undefined],
      };
      const table = m.cold<Message>('a|', { a: data(['x', 1], ['x', 2], ['y', 3]) });
      const source = m.cold<Message>('--s|', { s: data(['x', 'p'], ['y', 'q']) });
      m.expect(source.pipe(hashJoinWith(table, probe))).toBeObservable('--s|', { s: data(['y', 'q', 'y', 3, true]) });
      m.flush();
      expect(failed).toEqual([['p', 'more than one row']]);
    }),
  );

  it('snapshots the table and the waiting rows: restored at a barrier it continues as an uninterrupted run', () => {
    const snapshot = expectJoinRestoreEquivalence(
      (stream, table, state) => stream.pipe(hashJoinWith(table, { ...versioned, state })),
      [[1, data(['x', 'old', 0])], [0, data(['x', 'q', 3])], [1, wm(2)]],
      [[1, data(['x', 'new', 10])], [1, wm(20)], [0, data(['x', 'r', 15])]],
    );
    expect(Object.keys(snapshot.tables)).toEqual(['table', 'waiting', 'sequence', 'input_watermarks']);
    expect(snapshot.tables.waiting).toHaveLength(1);
  });
});
