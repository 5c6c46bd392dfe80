import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { listAggregates } from '../../lib/aggregates/registry.js';
import { aggregateBinding } from '../../lib/plan/compileGrouping.js';
import { DOUBLE, INTEGER, STRING, type SqlType } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';
import { data } from '../../lib/types/message.js';
import { overWindow } from '../../operators/overWindow.js';
import type { Frame } from '../../operators/analytic/windowFunctions.js';
import { from } from 'rxjs';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { valueKey } from '../../lib/types/valueKey.js';
import type { Value } from '../../lib/types/value.js';

/**
 * Every aggregate of the registry works as a window (frame) aggregate: over the whole
 * partition (`OVER (PARTITION BY symbol)`) each row carries exactly the value GROUP BY symbol
 * gives for its group (itself checked against DuckDB in specs/aggregates). A new aggregate
 * fails here until it has a call below.
 */
const tradesCsv = join(import.meta.dirname, '../../examples/trading/data/trades.csv');
const declaration = `CREATE STREAM trades (trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, side VARCHAR, trader_id VARCHAR, exchange VARCHAR, trade_time TIMESTAMP)
  WITH ('trades.type' = 'file_source', 'trades.path' = '${tradesCsv}', 'trades.format' = 'csv');`;

/** One call per registered aggregate (FIRST_VALUE and LAST_VALUE are window functions under OVER: their aliases FIRST and LAST are the aggregates). */
const CALLS: Readonly<Record<string, string>> = {
  APPROX_COUNT_DISTINCT: 'APPROX_COUNT_DISTINCT(trader_id)',
  AVG: 'AVG(price)',
  CORR: 'CORR(price, quantity)',
  COUNT: 'COUNT(DISTINCT exchange)',
  COUNT_DISTINCT: 'COUNT_DISTINCT(trader_id)',
  COVAR_POP: 'COVAR_POP(price, quantity)',
  COVAR_SAMP: 'COVAR_SAMP(price, quantity)',
  DELTA: 'DELTA(quantity)',
  FIRST_VALUE: 'FIRST(side)',
  LAST_VALUE: 'LAST(side)',
  MAX: 'MAX(price)',
  MEDIAN: 'MEDIAN(quantity)',
  MIN: 'MIN(trade_time)',
  PERCENTILE_CONT: 'PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY price)',
  PERCENTILE_DISC: 'PERCENTILE_DISC(quantity, 0.25)',
  REGR_INTERCEPT: 'REGR_INTERCEPT(price, quantity)',
  REGR_R2: 'REGR_R2(price, quantity)',
  REGR_SLOPE: 'REGR_SLOPE(price, quantity)',
  STDDEV_POP: 'STDDEV_POP(price)',
  STDDEV_SAMP: 'STDDEV(quantity)',
  STRING_AGG: "STRING_AGG(DISTINCT exchange, '|')",
  SUM: 'SUM(price * quantity)',
  VAR_POP: 'VAR_POP(DISTINCT quantity)',
  VAR_SAMP: 'VARIANCE(price)',
};

async function run(sql: string): Promise<Record<string, Value>[]> {
  return firstValueFrom(new FerrisEngine().sql<Record<string, Value>>(`${declaration}\n${sql}`).pipe(toArray()));
}

describe('every registered aggregate as a window aggregate', () => {
  it('has a call in this spec', () => {
    expect(Object.keys(CALLS).sort()).toEqual(listAggregates().map((a) => a.name));
  });

  for (const [name, call] of Object.entries(CALLS)) {
    it(`${name}: ${call} OVER (PARTITION BY symbol) equals GROUP BY symbol on every row`, async () => {
      const grouped = await run(`SELECT symbol, ${call} AS v FROM trades GROUP BY symbol EMIT FINAL`);
      const windowed = await run(`SELECT symbol, ${call} OVER (PARTITION BY symbol) AS v FROM trades`);
      const bySymbol = new Map(grouped.map((row) => [row.symbol, valueKey(row.v!)]));
      expect(bySymbol.size).toBeGreaterThan(5);
      expect(windowed).toHaveLength(5000);
      for (const row of windowed) expect(valueKey(row.v!)).toBe(bySymbol.get(row.symbol));
    });
  }
});

/** Test rows: [key, time, integer, double, string]. */
const COLUMN_TYPES: readonly SqlType[] = [STRING, INTEGER, INTEGER, DOUBLE, STRING];

/** Per aggregate: the columns of its value arguments and its constant parameters. */
function argumentsOf(name: string): { columns: number[]; parameters: Value[] } {
  if (['CORR', 'COVAR_POP', 'COVAR_SAMP', 'REGR_INTERCEPT', 'REGR_R2', 'REGR_SLOPE'].includes(name)) return { columns: [3, 2], parameters: [] };
  if (name === 'STRING_AGG') return { columns: [4], parameters: [','] };
  if (name.startsWith('PERCENTILE')) return { columns: [3], parameters: [0.3] };
  if (name === 'APPROX_COUNT_DISTINCT' || name === 'COUNT_DISTINCT') return { columns: [4], parameters: [] };
  return { columns: [2], parameters: [] };
}

function randomRows(count: number): Row[] {
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  return Array.from({ length: count }, (_, i): Row => [`k${next(3)}`, i * 10 + next(5), next(7) === 0 ? null : next(100) - 30, next(1000) / 8, `s${next(9)}`]);
}

/** Frames whose both ends slide: a moving window, one that looks ahead, one that lags behind (empty at first), a RANGE of time. */
const FRAMES: Readonly<Record<string, Frame>> = {
  '6 PRECEDING AND CURRENT ROW': { start: { kind: 'rows', offset: -6 }, end: { kind: 'rows', offset: 0 } },
  '2 PRECEDING AND 3 FOLLOWING': { start: { kind: 'rows', offset: -2 }, end: { kind: 'rows', offset: 3 } },
  '9 PRECEDING AND 4 PRECEDING': { start: { kind: 'rows', offset: -9 }, end: { kind: 'rows', offset: -4 } },
  'RANGE 45 PRECEDING AND CURRENT ROW': { start: { kind: 'range', offset: -45 }, end: { kind: 'peers' } },
};

describe('every registered aggregate over sliding frames (two stacks of merged accumulators) equals adding the frame row by row', () => {
  const rows = randomRows(400);
  for (const aggregate of listAggregates()) {
    for (const [frameName, frame] of Object.entries(FRAMES)) {
      it(`${aggregate.name} over ROWS BETWEEN ${frameName}`, async () => {
        const { columns, parameters } = argumentsOf(aggregate.name);
        const bound = aggregate.bind(columns.map((c) => COLUMN_TYPES[c]!), parameters, { distinct: false, star: false });
        const args = columns.map((index) => ({ kind: 'column' as const, index, type: COLUMN_TYPES[index]!, text: `c${index}` }));
        const binding = aggregateBinding({ name: aggregate.name, bound, args, text: aggregate.name });
        const order = { compare: (a: Row, b: Row) => (a[1] as number) - (b[1] as number), position: (row: Row) => row[1] as number };
        const batches = [rows.slice(0, 150), rows.slice(150)].map((batch) => data(batch));
        const out = await firstValueFrom(
          from(batches).pipe(overWindow({ partitionOf: (row) => row[0] as string, order, release: 'end', functions: [{ kind: 'aggregate', aggregate: binding, frame }] }), toArray()),
        );
        const emitted = out.flatMap((m) => (m.kind === 'data' ? m.rows : []));
        expect(emitted).toHaveLength(rows.length);
        for (const key of ['k0', 'k1', 'k2']) {
          const partition = rows.filter((r) => r[0] === key);
          const results = emitted.filter((r) => r[0] === key);
          partition.forEach((row, i) => {
            const time = row[1] as number;
            const members =
              frame.start.kind === 'range'
                ? partition.filter((r) => (r[1] as number) >= time - 45 && (r[1] as number) <= time)
                : partition.slice(Math.max(0, i + (frame.start as { offset: number }).offset), Math.max(0, i + (frame.end as { offset: number }).offset + 1));
            const accumulator = bound.create();
            for (const member of members) accumulator.add(columns.map((c) => member[c]!));
            expectSameResult(results[i]![5]!, accumulator.result());
          });
        }
      });
    }
  }
});

/** Equal values; DOUBLE results (variances, regressions) merged in another grouping may differ in the last bits. */
function expectSameResult(actual: Value, expected: Value): void {
  if (typeof actual === 'number' && typeof expected === 'number' && !(Number.isInteger(actual) && Number.isInteger(expected))) {
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else {
    expect(actual).toStrictEqual(expected);
  }
}
