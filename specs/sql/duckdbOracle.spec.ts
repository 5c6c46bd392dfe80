import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { parseTimestamp } from '../../lib/types/time.js';
import { writeTradesWithNulls } from './tradesWithNulls.js';

/**
 * Stateless queries over the bundled trades, checked against DuckDB (an independent SQL engine)
 * reading the same CSV with the same column types. Values are compared exactly after
 * normalisation: decimals without trailing zeros, timestamps as epoch milliseconds.
 */
const tradesCsv = join(import.meta.dirname, '../../examples/trading/data/trades.csv');
const columns =
  "trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, side VARCHAR, trader_id VARCHAR, exchange VARCHAR, trade_time TIMESTAMP";
/** Our declaration of a stream over a CSV file with the trades' columns. */
function declarationOf(stream: string, csv: string): string {
  return `CREATE STREAM ${stream} (${columns}) WITH ('${stream}.type' = 'file_source', '${stream}.path' = '${csv}', '${stream}.format' = 'csv');`;
}
const declaration = declarationOf('trades', tradesCsv);

interface OracleCase {
  readonly name: string;
  readonly ours: string;
  /** DuckDB's spelling of the same query, when it differs. */
  readonly duck?: string;
  readonly timestampColumns?: readonly string[];
  /** The query has a total ORDER BY: rows are compared in order, not as a multiset. */
  readonly ordered?: boolean;
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
  {
    name: 'ORDER BY the whole input by a column that is not selected, DESC then ASC',
    ours: 'SELECT trade_id, symbol, price FROM trades ORDER BY quantity DESC, trade_id',
    ordered: true,
  },
  {
    name: 'ORDER BY an alias and a position, after WHERE',
    ours: "SELECT trade_id, price * quantity AS notional, trade_time FROM trades WHERE symbol = 'MSFT' ORDER BY notional, 1",
    timestampColumns: ['trade_time'],
    ordered: true,
  },
  {
    name: 'ORDER BY an expression with LIMIT is a top-N',
    ours: 'SELECT trade_id, symbol, price * quantity AS notional FROM trades ORDER BY price * quantity DESC, trade_id LIMIT 25',
    ordered: true,
  },
  {
    name: 'ORDER BY over a UNION ALL in a subquery, with LIMIT',
    ours: `SELECT * FROM (SELECT trade_id, symbol FROM trades WHERE exchange = 'IEX' UNION ALL SELECT trade_id, symbol FROM trades WHERE quantity < 20) u
           ORDER BY symbol DESC, trade_id DESC LIMIT 40`,
    ordered: true,
  },
  {
    // trade ids ascend through the file, so each thousand is first seen in a later batch
    name: 'SELECT DISTINCT with ORDER BY sorts every distinct row, not each batch of new ones',
    ours: 'SELECT DISTINCT trade_id / 1000 AS thousand, side FROM trades ORDER BY thousand DESC, side',
    duck: 'SELECT DISTINCT trade_id // 1000 AS thousand, side FROM trades ORDER BY thousand DESC, side',
    ordered: true,
  },
  {
    name: 'UNION of overlapping branches gives each row once',
    ours: `SELECT symbol, side, quantity / 100 AS lots FROM trades WHERE exchange = 'IEX'
           UNION SELECT symbol, side, quantity / 100 AS lots FROM trades WHERE quantity > 500`,
    duck: `SELECT symbol, side, quantity // 100 AS lots FROM trades WHERE exchange = 'IEX'
           UNION SELECT symbol, side, quantity // 100 AS lots FROM trades WHERE quantity > 500`,
  },
  {
    name: 'UNION then UNION ALL, left to right: the last branch keeps its duplicates',
    ours: `SELECT symbol, exchange FROM trades WHERE side = 'BUY' UNION SELECT symbol, exchange FROM trades
           UNION ALL SELECT symbol, exchange FROM trades WHERE quantity > 990`,
  },
  {
    name: 'UNION ALL then UNION de-duplicates all three branches, with types coerced (INTEGER and DECIMAL)',
    ours: `SELECT symbol, quantity AS amount FROM trades WHERE quantity < 30 UNION ALL SELECT symbol, quantity FROM trades WHERE exchange = 'IEX'
           UNION SELECT symbol, ROUND(price, 0) FROM trades WHERE price < 100`,
  },
];

let nullsCsv = '';

const nullCases: readonly OracleCase[] = [
  {
    name: 'IS NULL, IS NOT NULL and COALESCE over unquoted empty fields',
    ours: `SELECT trade_id, COALESCE(exchange, 'UNKNOWN') AS venue, trader_id IS NULL AS no_trader, quantity, price * quantity AS notional
           FROM trades_nulls WHERE exchange IS NULL OR quantity IS NULL OR price IS NOT NULL AND trade_id % 5 = 0`,
  },
  {
    name: 'NULL in comparisons, CASE and string functions',
    ours: `SELECT trade_id, CASE WHEN exchange = 'NYSE' THEN 'big board' WHEN exchange IS NULL THEN 'none' ELSE 'other' END AS board,
             UPPER(trader_id) || '/' || exchange AS tag, NULLIF(exchange, 'IEX') AS not_iex
           FROM trades_nulls WHERE trade_id < 400`,
  },
  {
    name: 'ORDER BY puts NULLs last ascending and first descending (as PostgreSQL)',
    ours: 'SELECT trade_id, exchange, quantity FROM trades_nulls ORDER BY exchange, quantity DESC, trade_id',
    // DuckDB sorts NULLs last in both directions by default: spelled out.
    duck: 'SELECT trade_id, exchange, quantity FROM trades_nulls ORDER BY exchange NULLS LAST, quantity DESC NULLS FIRST, trade_id',
    ordered: true,
  },
  {
    name: 'UNION treats NULLs as equal: one row per distinct combination, NULLs included',
    ours: `SELECT exchange, quantity / 250 AS band FROM trades_nulls WHERE trade_id % 2 = 0
           UNION SELECT exchange, quantity / 250 AS band FROM trades_nulls WHERE side = 'SELL'`,
    duck: `SELECT exchange, quantity // 250 AS band FROM trades_nulls WHERE trade_id % 2 = 0
           UNION SELECT exchange, quantity // 250 AS band FROM trades_nulls WHERE side = 'SELL'`,
  },
  {
    name: 'ORDER BY with NULLS FIRST and NULLS LAST written',
    ours: 'SELECT trade_id, trader_id, price FROM trades_nulls ORDER BY trader_id DESC NULLS LAST, price NULLS FIRST, trade_id LIMIT 300',
    ordered: true,
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

/** The columns in DuckDB's read_csv spelling. */
function duckColumns(): string {
  return columns
    .split(', ')
    .map((c) => c.split(' '))
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(', ');
}

let duck: DuckDBConnection;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  await duck.run(`CREATE VIEW trades AS SELECT * FROM read_csv('${tradesCsv}', header = true, columns = {${duckColumns()}})`);
});

afterAll(() => duck?.closeSync());

async function expectSameAsDuck(oursDeclaration: string, oracle: OracleCase): Promise<void> {
  const ours = await firstValueFrom(new FerrisEngine().sql<Record<string, unknown>>(`${oursDeclaration}\n${oracle.ours}`).pipe(toArray()));
  const reader = await duck.runAndReadAll(oracle.duck ?? oracle.ours);
  const theirs = reader.getRowObjectsJson();
  const names = reader.columnNames();
  const timestamps = new Set(oracle.timestampColumns ?? []);
  expect(ours.length).toBeGreaterThan(0);
  const sortKey = (row: (string | null)[]): string => JSON.stringify(row);
  const inOrder = (rows: (string | null)[][]): (string | null)[][] =>
    oracle.ordered ? rows : rows.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const ourRows = inOrder(ours.map((row) => names.map((n) => normaliseOurs(row[n]))));
  const duckRows = inOrder(theirs.map((row) => names.map((n) => normaliseDuck(row[n], timestamps.has(n)))));
  expect(Object.keys(ours[0]!)).toEqual(names);
  expect(ourRows).toEqual(duckRows);
}

describe('stateless and sorted queries over the bundled trades equal DuckDB', () => {
  for (const oracle of cases) it(oracle.name, () => expectSameAsDuck(declaration, oracle));
});

describe('stateless queries over trades with empty CSV fields (NULL) equal DuckDB', () => {
  beforeAll(async () => {
    nullsCsv = writeTradesWithNulls(tradesCsv);
    await duck.run(`CREATE VIEW trades_nulls AS SELECT * FROM read_csv('${nullsCsv}', header = true, columns = {${duckColumns()}})`);
    const missing = await duck.runAndReadAll('SELECT COUNT(*) - COUNT(exchange) AS missing FROM trades_nulls');
    expect(Number(missing.getRowObjectsJson()[0]!.missing)).toBeGreaterThan(100);
  });
  for (const oracle of nullCases) it(oracle.name, () => expectSameAsDuck(declarationOf('trades_nulls', nullsCsv), oracle));
});
