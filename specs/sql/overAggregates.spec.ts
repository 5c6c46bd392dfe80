import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { listAggregates } from '../../lib/aggregates/registry.js';
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
