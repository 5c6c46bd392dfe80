import { from, toArray, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { overWindow } from '../operators/overWindow.js';
import { topNPerPartition, type TopNPerPartitionConfig } from '../operators/topNPerPartition.js';
import type { RankingKind } from '../operators/analytic/topRows.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { barrier, data, wm } from './aggregationKit.js';
import { expectRestoreEquivalence, snapshotOrder } from './checkpointKit.js';
import { marbles } from './helper.js';

/** Test rows are [key, x, tag], ordered by x descending, a NULL x first (as DESC defaults to). */
const descending = (a: Row, b: Row): number => {
  const x = a[1] as number | null;
  const y = b[1] as number | null;
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  return y - x;
};
const byKey = (row: Row) => row[0] as string;

function top(limitBy: RankingKind, limit: number, functions: readonly RankingKind[] = [limitBy], extra: Partial<TopNPerPartitionConfig> = {}): TopNPerPartitionConfig {
  return { partitionOf: byKey, compare: descending, limitBy, limit, functions, ...extra };
}

/** The rows of the OVER path (every row held, ranked at the end) filtered to `limitBy <= limit`: what the rewrite replaces. */
async function overThenFilter(input: readonly Message[], limitBy: RankingKind, limit: number, functions: readonly RankingKind[]): Promise<Row[]> {
  const out = await lastValueFrom(
    from(input).pipe(overWindow({ partitionOf: byKey, order: { compare: descending, position: undefined }, release: 'end', functions: functions.map((kind) => ({ kind })) }), toArray()),
  );
  const at = 3 + functions.indexOf(limitBy);
  return out.flatMap((m) => (m.kind === 'data' ? m.rows.filter((row) => (row[at] as number) <= limit) : []));
}

async function rowsOf(input: readonly Message[], config: TopNPerPartitionConfig): Promise<Row[]> {
  const out = await lastValueFrom(from(input).pipe(topNPerPartition(config), toArray()));
  return out.flatMap((m) => (m.kind === 'data' ? m.rows : []));
}

describe('topNPerPartition', () => {
  it(
    'keeps the rows that can still rank first and emits them ranked at the end; watermarks are held (the doc diagram)',
    marbles((m) => {
      const source = m.cold<Message>('-a--w--b-|', { a: data(['k', 3, 'a'], ['j', 1, 'b'], ['k', 5, 'c']), w: wm(9), b: data(['k', 5, 'd'], ['k', 1, 'e']) });
      m.expect(source.pipe(topNPerPartition(top('rank', 1)))).toBeObservable('---------(c|)', {
        c: data(['k', 5, 'c', 1], ['k', 5, 'd', 1], ['j', 1, 'b', 1]),
      });
    }),
  );

  it(
    'ROW_NUMBER keeps exactly n rows (the first to arrive among ties), RANK every row tied at the boundary, DENSE_RANK the rows of the first n values',
    marbles((m) => {
      const rows = data(['k', 7, 'a'], ['k', 9, 'b'], ['k', 7, 'c'], ['k', 8, 'd'], ['k', 7, 'e'], ['k', 9, 'f'], ['k', 6, 'g']);
      const source = m.cold<Message>('-a-|', { a: rows });
      const all: RankingKind[] = ['row_number', 'rank', 'dense_rank'];
      m.expect(source.pipe(topNPerPartition(top('row_number', 3, all)))).toBeObservable('---(c|)', {
        c: data(['k', 9, 'b', 1, 1, 1], ['k', 9, 'f', 2, 1, 1], ['k', 8, 'd', 3, 3, 2]),
      });
      m.expect(source.pipe(topNPerPartition(top('rank', 4, all)))).toBeObservable('---(c|)', {
        c: data(['k', 9, 'b', 1, 1, 1], ['k', 9, 'f', 2, 1, 1], ['k', 8, 'd', 3, 3, 2], ['k', 7, 'a', 4, 4, 3], ['k', 7, 'c', 5, 4, 3], ['k', 7, 'e', 6, 4, 3]),
      });
      m.expect(source.pipe(topNPerPartition(top('dense_rank', 2, all)))).toBeObservable('---(c|)', {
        c: data(['k', 9, 'b', 1, 1, 1], ['k', 9, 'f', 2, 1, 1], ['k', 8, 'd', 3, 3, 2]),
      });
    }),
  );

  it(
    'a partition of one row, a NULL order key (first when descending) and an empty input',
    marbles((m) => {
      const source = m.cold<Message>('-a-|', { a: data(['k', 2, 'a'], ['j', 4, 'b'], ['k', null, 'c'], ['k', 3, 'd']) });
      m.expect(source.pipe(topNPerPartition(top('rank', 2)))).toBeObservable('---(c|)', { c: data(['k', null, 'c', 1], ['k', 3, 'd', 2], ['j', 4, 'b', 1]) });
      m.expect(m.cold<Message>('--|').pipe(topNPerPartition(top('rank', 2)))).toBeObservable('--|');
    }),
  );

  it('refuses a limit below 1 (the rewrite leaves such a filter alone)', () => {
    expect(() => topNPerPartition(top('rank', 0))).toThrow(/limit must be a whole number ≥ 1, got 0/);
  });

  it('gives exactly the rows and values of the OVER path followed by the filter, over random partitions with ties and NULLs', async () => {
    let seed = 7;
    const random = (n: number): number => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    for (let round = 0; round < 60; round++) {
      const input: Message[] = [];
      for (let batch = 0; batch < 4; batch++) {
        const rows: Row[] = [];
        for (let i = random(30); i > 0; i--) rows.push([`p${random(4)}`, random(9) === 0 ? null : random(8), `${batch}.${i}`]);
        input.push(data(...rows));
      }
      for (const limitBy of ['row_number', 'rank', 'dense_rank'] as const) {
        const functions: RankingKind[] = round % 2 === 0 ? [limitBy] : ['dense_rank', 'row_number', 'rank'];
        const limit = 1 + random(4);
        expect(await rowsOf(input, top(limitBy, limit, functions))).toStrictEqual(await overThenFilter(input, limitBy, limit, functions));
      }
    }
  });

  it('hands its partitions to the snapshot sink before it forwards the barrier (-B-)', () => {
    const { log, out } = snapshotOrder((state) => topNPerPartition(top('rank', 1, ['rank'], { state })), [data(['k', 1, 'a']), barrier(1), wm(2)]);
    expect(log).toEqual(['snapshot 1: partitions', 'barrier 1']);
    expect(out).toEqual([barrier(1), data(['k', 1, 'a', 1])]);
  });

  it('restored from a barrier, keeps and ranks exactly as an uninterrupted run (ties and DENSE_RANK values included)', () => {
    for (const limitBy of ['row_number', 'rank', 'dense_rank'] as const) {
      const snapshot = expectRestoreEquivalence(
        (state) => topNPerPartition(top(limitBy, 2, ['row_number', 'rank', 'dense_rank'], { state })),
        [data(['k', 5, 'a'], ['j', 2, 'b'], ['k', 5, 'c'], ['k', 4, 'd'])],
        [data(['k', 4, 'e'], ['k', 6, 'f'], ['j', 3, 'g'], ['k', 1, 'h'])],
      );
      expect(Object.keys(snapshot.tables)).toEqual(['partitions']);
    }
  });
});
