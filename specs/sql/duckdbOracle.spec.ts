import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { parseTimestamp } from '../../lib/types/time.js';

/**
 * Stateless queries over the bundled trades, checked against DuckDB (an independent SQL engine)
 * reading the same CSV with the same column types. Values are compared exactly after
 * normalisation: decimals without trailing zeros, timestamps as epoch milliseconds.
 */
const tradesCsv = join(import.meta.dirname, '../../examples/trading/data/trades.csv');
const columns =
  "trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, side VARCHAR, trader_id VARCHAR, exchange VARCHAR, trade_time TIMESTAMP";
const declaration = `CREATE STREAM trades (${columns}) WITH ('trades.type' = 'file_source', 'trades.path' = '${tradesCsv}', 'trades.format' = 'csv');`;

interface OracleCase {
  readonly name: string;
  readonly ours: string;
  /** DuckDB's spelling of the same query, when it differs. */
  readonly duck?: string;
  readonly timestampColumns?: readonly string[];
}

const cases: readonly OracleCase[] = [
  {
    name: 'filter on an exact decimal product',
    ours: 'SELECT trade_id, symbol, side, price, quantity, price * quantity AS notional FROM trades WHERE price * quantity >= 100000',
  },
  {
    name: 'fee arithmetic with CASE and ROUND half up',
    ours: `SELECT trade_id,
             ROUND(price * quantity * CASE exchange WHEN 'NYSE' THEN 0.0030 WHEN 'NASDAQ' THEN 0.0025 ELSE 0.0020 END, 2) AS fee,
             CASE WHEN side = 'SELL' THEN ROUND(price * quantity * 0.0000278, 2) ELSE 0.00 END AS sec_fee
           FROM trades`,
  },
  {
    name: 'string and time functions with IN, LIKE and NOT',
    ours: `SELECT LOWER(trader_id) AS trader, symbol || '@' || exchange AS venue,
             LPAD(CAST(quantity AS VARCHAR), 6, '0') AS padded, EXTRACT(HOUR FROM trade_time) AS hour,
             DATE_TRUNC('minute', trade_time) AS minute_start, UPPER(SUBSTRING(trader_id, 2, 2)) AS digits
           FROM trades
           WHERE symbol IN ('AAPL', 'MSFT', 'GOOGL', 'NVDA') AND side = 'BUY' AND NOT trader_id LIKE 'T00%'`,
    timestampColumns: ['minute_start'],
  },
  {
    name: 'integer division truncates, modulo keeps the dividend sign, negation and ABS',
    ours: 'SELECT trade_id, quantity / 7 AS sevenths, (0 - quantity) % 7 AS neg_mod, -price AS neg_price, ABS(price - 300) AS distance FROM trades WHERE trade_id < 500',
    duck: 'SELECT trade_id, quantity // 7 AS sevenths, (0 - quantity) % 7 AS neg_mod, -price AS neg_price, ABS(price - 300) AS distance FROM trades WHERE trade_id < 500',
  },
  {
    name: 'BETWEEN, COALESCE, NULLIF, ROUND to a scale, FLOOR and CEIL',
    ours: `SELECT trade_id, ROUND(price, 1) AS rounded, FLOOR(price) AS floor_price, CEIL(price) AS ceil_price,
             COALESCE(NULLIF(side, 'BUY'), 'long') AS side_label
           FROM trades WHERE price BETWEEN 100 AND 200 AND quantity <> 100`,
  },
  {
    name: 'UNION ALL of two filtered branches',
    ours: `SELECT trade_id, symbol FROM trades WHERE exchange = 'IEX' AND quantity > 900
           UNION ALL SELECT trade_id, symbol FROM trades WHERE exchange = 'BATS' AND quantity < 20`,
  },
];

function normaliseNumberText(text: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

function normaliseOurs(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (isDecimal(value)) return normaliseNumberText(value.toString());
  return normaliseNumberText(String(value));
}

function normaliseDuck(value: unknown, isTimestamp: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (isTimestamp) return String(parseTimestamp(String(value)));
  return normaliseNumberText(String(value));
}

let duck: DuckDBConnection;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  const duckColumns = columns
    .split(', ')
    .map((c) => c.split(' '))
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(', ');
  await duck.run(`CREATE VIEW trades AS SELECT * FROM read_csv('${tradesCsv}', header = true, columns = {${duckColumns}})`);
});

afterAll(() => duck?.closeSync());

describe('stateless queries over the bundled trades equal DuckDB', () => {
  for (const oracle of cases) {
    it(oracle.name, async () => {
      const ours = await firstValueFrom(new FerrisEngine().sql<Record<string, unknown>>(`${declaration}\n${oracle.ours}`).pipe(toArray()));
      const reader = await duck.runAndReadAll(oracle.duck ?? oracle.ours);
      const theirs = reader.getRowObjectsJson();
      const names = reader.columnNames();
      const timestamps = new Set(oracle.timestampColumns ?? []);
      expect(ours.length).toBeGreaterThan(0);
      const sortKey = (row: (string | null)[]): string => JSON.stringify(row);
      const ourRows = ours.map((row) => names.map((n) => normaliseOurs(row[n]))).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      const duckRows = theirs
        .map((row) => names.map((n) => normaliseDuck(row[n], timestamps.has(n))))
        .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      expect(Object.keys(ours[0]!)).toEqual(names);
      expect(ourRows).toEqual(duckRows);
    });
  }
});
