import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { parseTimestamp } from '../../lib/types/time.js';
import { writeJoinData, type JoinData } from './joinData.js';

/**
 * Joins over the bundled trades, reference tables and a generated quotes stream, checked
 * against DuckDB reading the same CSV files: stream-table lookups (INNER, LEFT, expression
 * keys, two tables), interval joins of trades and quotes (INNER, LEFT, RIGHT, FULL, BETWEEN
 * and WITHIN), and the same joins over input shuffled within the sources' watermark bound.
 * Results are compared as multisets after normalisation (decimals without trailing zeros,
 * timestamps as epoch ms).
 */
const tradesCsv = join(import.meta.dirname, '../../examples/trading/data/trades.csv');
const TRADES = 'trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, side VARCHAR, trader_id VARCHAR, exchange VARCHAR, trade_time TIMESTAMP';
const QUOTES = 'quote_id BIGINT, symbol VARCHAR, bid DECIMAL(18,4), ask DECIMAL(18,4), quote_time TIMESTAMP';

let data: JoinData;
let duck: DuckDBConnection;

/** Our declarations of the trades and quotes streams (from `files`) and the two tables. */
function declarations(files: { trades: string; quotes: string }): string {
  const bound = `${data.shuffleMs + 1000} milliseconds`;
  return [
    `CREATE STREAM trades (${TRADES}) WITH ('trades.type' = 'file_source', 'trades.path' = '${files.trades}', 'trades.format' = 'csv',
       'trades.event.time.field' = 'trade_time', 'trades.watermark.max_out_of_orderness' = '${bound}');`,
    `CREATE STREAM quotes (${QUOTES}) WITH ('quotes.type' = 'file_source', 'quotes.path' = '${files.quotes}', 'quotes.format' = 'csv',
       'quotes.event.time.field' = 'quote_time', 'quotes.watermark.max_out_of_orderness' = '${bound}');`,
    `CREATE TABLE instruments (symbol VARCHAR PRIMARY KEY, name VARCHAR, sector VARCHAR)
       WITH ('instruments.type' = 'file_source', 'instruments.path' = '${data.instrumentsCsv}', 'instruments.format' = 'csv');`,
    `CREATE TABLE sectors (sector VARCHAR PRIMARY KEY, description VARCHAR)
       WITH ('sectors.type' = 'file_source', 'sectors.path' = '${data.sectorsCsv}', 'sectors.format' = 'csv');`,
  ].join('\n');
}

interface JoinCase {
  readonly name: string;
  readonly ours: string;
  /** DuckDB's spelling, when it differs. */
  readonly duck?: string;
  readonly timestampColumns?: readonly string[];
}

const lookups: readonly JoinCase[] = [
  {
    name: 'INNER JOIN of trades with a CREATE TABLE file source drops trades without an instrument',
    ours: 'SELECT t.trade_id, t.symbol, i.name, t.price * t.quantity AS notional FROM trades t JOIN instruments i ON t.symbol = i.symbol',
  },
  {
    name: 'LEFT OUTER JOIN gives NULLs for trades without an instrument, with a residual condition in ON',
    ours: "SELECT t.trade_id, i.name, i.sector FROM trades t LEFT OUTER JOIN instruments i ON t.symbol = i.symbol AND i.sector <> 'Chips' WHERE t.quantity > 400",
  },
  {
    name: 'join keys may be expressions on either side',
    ours: "SELECT t.trade_id, i.symbol AS listed FROM trades t JOIN instruments i ON LOWER(t.symbol) = LOWER(i.symbol) || '' AND t.side = 'SELL'",
  },
  {
    name: 'one stream joins two tables in one query (the second through a column of the first)',
    ours: `SELECT t.trade_id, i.name, s.description FROM trades t JOIN instruments i ON t.symbol = i.symbol LEFT JOIN sectors s ON i.sector = s.sector
           WHERE t.exchange = 'NYSE'`,
  },
];

/** A bound read from each trade: its quote window lasts 10 ms per share traded (0.1 to 10 s). */
const untilQuantity = "t.trade_time + t.quantity * INTERVAL '10' MILLISECOND";

const intervals: readonly JoinCase[] = [
  {
    name: 'INNER interval join bounded by a column of one side: quotes from the trade time until a time read from each trade',
    ours: `SELECT t.trade_id, q.quote_id FROM trades t JOIN quotes q ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time AND ${untilQuantity}`,
  },
  {
    name: 'LEFT interval join bounded by a column of one side, with a constant low end: trades without a quote in their own window get NULLs',
    ours: `SELECT t.trade_id, q.quote_id, q.bid FROM trades t LEFT JOIN quotes q ON t.symbol = q.symbol
             AND q.quote_time BETWEEN t.trade_time - INTERVAL '2' SECOND AND ${untilQuantity} WHERE t.quantity < 300`,
  },
  {
    name: 'LEFT interval join bounded by a column of the right side (the left time BETWEEN the right time and a time read from each right row)',
    ours: `SELECT q.quote_id, t.trade_id FROM quotes q LEFT JOIN trades t ON q.symbol = t.symbol AND q.quote_time BETWEEN t.trade_time AND ${untilQuantity}`,
  },
  {
    name: 'Nexmark q4 in small: the best bid quoted per trade (EMIT FINAL), then per symbol, over a join bounded by a column of one side',
    ours: `SELECT symbol, COUNT(*) AS quoted, MAX(best) AS best, MIN(best) AS worst FROM (SELECT t.trade_id, t.symbol, MAX(q.bid) AS best FROM trades t JOIN quotes q
             ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time AND ${untilQuantity} GROUP BY t.trade_id, t.symbol EMIT FINAL) x GROUP BY symbol EMIT FINAL`,
    duck: `SELECT symbol, COUNT(*) AS quoted, MAX(best) AS best, MIN(best) AS worst FROM (SELECT t.trade_id, t.symbol, MAX(q.bid) AS best FROM trades t JOIN quotes q
             ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time AND ${untilQuantity} GROUP BY t.trade_id, t.symbol) x GROUP BY symbol`,
  },
  {
    name: 'INNER interval join: every trade-quote pair within one second (BETWEEN, bounds inclusive)',
    ours: `SELECT t.trade_id, q.quote_id, q.bid, t.price - q.bid AS spread FROM trades t JOIN quotes q
           ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time - INTERVAL '1' SECOND AND t.trade_time + INTERVAL '1' SECOND`,
  },
  {
    name: 'LEFT interval join: each trade without a quote in [-2 s, +0.5 s] once, with NULLs',
    ours: `SELECT t.trade_id, q.quote_id FROM trades t LEFT JOIN quotes q
           ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time - INTERVAL '2' SECOND AND t.trade_time + INTERVAL '500' MILLISECOND`,
  },
  {
    name: 'RIGHT interval join: each quote without a trade within the bound once, with NULLs',
    ours: `SELECT t.trade_id, q.quote_id, q.quote_time FROM trades t RIGHT JOIN quotes q
           ON q.symbol = t.symbol AND t.trade_time BETWEEN q.quote_time AND q.quote_time + INTERVAL '3' SECOND`,
    timestampColumns: ['quote_time'],
  },
  {
    name: "FULL OUTER interval join with WITHIN INTERVAL '1' SECOND (|t - q| <= 1 s)",
    ours: "SELECT t.trade_id, q.quote_id FROM trades t FULL OUTER JOIN quotes q ON t.symbol = q.symbol WITHIN INTERVAL '1' SECOND",
    duck: `SELECT t.trade_id, q.quote_id FROM trades t FULL OUTER JOIN quotes q
           ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time - INTERVAL '1' SECOND AND t.trade_time + INTERVAL '1' SECOND`,
  },
  {
    name: 'windowed join: a trade and a quote in the same 10 s tumbling window (LEFT: trades without one get NULLs)',
    ours: `SELECT t.trade_id, q.quote_id FROM trades t LEFT JOIN quotes q
           ON t.symbol = q.symbol AND TUMBLE(t.trade_time, INTERVAL '10' SECOND) = TUMBLE(q.quote_time, INTERVAL '10' SECOND)`,
    duck: `SELECT t.trade_id, q.quote_id FROM trades t LEFT JOIN quotes q
           ON t.symbol = q.symbol AND time_bucket(INTERVAL '10' SECOND, t.trade_time) = time_bucket(INTERVAL '10' SECOND, q.quote_time)`,
  },
  {
    name: 'windowed join on HOP windows (size 10 s, slide 5 s): a trade-quote pair once per window both are in',
    ours: `SELECT t.trade_id, q.quote_id, t.price - q.bid AS spread FROM trades t JOIN quotes q
           ON t.symbol = q.symbol AND HOP(t.trade_time, INTERVAL '5' SECOND, INTERVAL '10' SECOND) = HOP(q.quote_time, INTERVAL '5' SECOND, INTERVAL '10' SECOND)`,
    duck: `SELECT t.trade_id, q.quote_id, t.price - q.bid AS spread FROM ${hopWindows('trades', 'trade_time', 5, 2)} t JOIN ${hopWindows('quotes', 'quote_time', 5, 2)} q
           ON t.symbol = q.symbol AND t.window_start = q.window_start`,
  },
  {
    name: 'windowed join on HOP windows whose size is not a multiple of the slide (size 7 s, slide 3 s), with a residual condition',
    ours: `SELECT t.trade_id, q.quote_id FROM trades t JOIN quotes q
           ON q.symbol = t.symbol AND HOP(q.quote_time, INTERVAL '3' SECOND, INTERVAL '7' SECOND) = HOP(t.trade_time, INTERVAL '3' SECOND, INTERVAL '7' SECOND) AND q.bid < t.price`,
    duck: `SELECT t.trade_id, q.quote_id FROM ${hopWindows('trades', 'trade_time', 3, 3, 7)} t JOIN ${hopWindows('quotes', 'quote_time', 3, 3, 7)} q
           ON q.symbol = t.symbol AND t.window_start = q.window_start AND q.bid < t.price`,
  },
  {
    name: 'LEFT join on HOP windows: a trade once with NULLs for each of its windows without a quote',
    ours: `SELECT t.trade_id, q.quote_id FROM trades t LEFT JOIN quotes q
           ON t.symbol = q.symbol AND HOP(t.trade_time, INTERVAL '1' SECOND, INTERVAL '2' SECOND) = HOP(q.quote_time, INTERVAL '1' SECOND, INTERVAL '2' SECOND)`,
    duck: `SELECT t.trade_id, q.quote_id FROM ${hopWindows('trades', 'trade_time', 1, 2)} t LEFT JOIN ${hopWindows('quotes', 'quote_time', 1, 2)} q
           ON t.symbol = q.symbol AND t.window_start = q.window_start`,
  },
  {
    name: 'FULL join on HOP windows (size 3 s, slide 2 s), with a residual condition: unmatched rows of both sides per window',
    ours: `SELECT t.trade_id, q.quote_id FROM trades t FULL JOIN quotes q
           ON t.symbol = q.symbol AND HOP(t.trade_time, INTERVAL '2' SECOND, INTERVAL '3' SECOND) = HOP(q.quote_time, INTERVAL '2' SECOND, INTERVAL '3' SECOND) AND q.bid < t.price`,
    duck: `SELECT t.trade_id, q.quote_id FROM ${hopWindows('trades', 'trade_time', 2, 2, 3)} t FULL JOIN ${hopWindows('quotes', 'quote_time', 2, 2, 3)} q
           ON t.symbol = q.symbol AND t.window_start = q.window_start AND q.bid < t.price`,
  },
  {
    name: 'a TUMBLE over the interval join result, on a qualified time column',
    ours: `SELECT t.symbol, TUMBLE_START(t.trade_time, INTERVAL '5' MINUTE) AS bucket, COUNT(*) AS pairs FROM trades t
           JOIN quotes q ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time - INTERVAL '1' SECOND AND t.trade_time + INTERVAL '1' SECOND
           GROUP BY t.symbol, TUMBLE(t.trade_time, INTERVAL '5' MINUTE)`,
    duck: `SELECT t.symbol, time_bucket(INTERVAL '5' MINUTE, t.trade_time) AS bucket, COUNT(*) AS pairs FROM trades t
           JOIN quotes q ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time - INTERVAL '1' SECOND AND t.trade_time + INTERVAL '1' SECOND
           GROUP BY t.symbol, time_bucket(INTERVAL '5' MINUTE, t.trade_time)`,
    timestampColumns: ['bucket'],
  },
];

/**
 * DuckDB's spelling of a relation's rows in their hopping windows (slide and size in seconds,
 * windows aligned to the epoch): each row once per window start, in `window_start`; `most` is
 * how many windows a row can be in (⌈size / slide⌉).
 */
function hopWindows(relation: string, time: string, slide: number, most: number, size = slide * most): string {
  const start = (k: number): string => `time_bucket(INTERVAL '${slide}' SECOND, ${time}) - INTERVAL '${slide * k}' SECOND`;
  const starts = Array.from({ length: most }, (_, k) => start(k)).join(', ');
  return `(SELECT * FROM (SELECT *, unnest([${starts}]) AS window_start FROM ${relation}) WHERE window_start > ${time} - INTERVAL '${size}' SECOND)`;
}

function normaliseNumberText(text: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

function normalise(value: unknown, isTimestamp: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (isDecimal(value)) return normaliseNumberText(value.toString());
  if (value instanceof Date) return String(value.getTime());
  if (isTimestamp && typeof value === 'string') return String(parseTimestamp(value));
  return normaliseNumberText(String(value));
}

function duckColumns(columns: string): string {
  return columns
    .split(', ')
    .map((c) => c.split(' '))
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(', ');
}

async function duckViews(trades: string, quotes: string): Promise<void> {
  await duck.run(`CREATE OR REPLACE VIEW trades AS SELECT * FROM read_csv('${trades}', header = true, columns = {${duckColumns(TRADES)}})`);
  await duck.run(`CREATE OR REPLACE VIEW quotes AS SELECT * FROM read_csv('${quotes}', header = true, columns = {${duckColumns(QUOTES)}})`);
}

async function expectSameAsDuck(files: { trades: string; quotes: string }, oracle: JoinCase): Promise<void> {
  const ours = await firstValueFrom(new FerrisEngine().sql<Record<string, unknown>>(`${declarations(files)}\n${oracle.ours}`).pipe(toArray()));
  await duckViews(files.trades, files.quotes);
  const reader = await duck.runAndReadAll(oracle.duck ?? oracle.ours);
  const names = reader.columnNames();
  const timestamps = new Set(oracle.timestampColumns ?? []);
  const rows = (objects: Record<string, unknown>[], isOurs: boolean): string[] =>
    objects.map((row) => JSON.stringify(names.map((n) => normalise(row[n], !isOurs && timestamps.has(n) || (isOurs && timestamps.has(n) && typeof row[n] === 'string'))))).sort();
  expect(ours.length).toBeGreaterThan(0);
  expect(Object.keys(ours[0]!)).toEqual(names);
  expect(rows(ours, true)).toEqual(rows(reader.getRowObjectsJson() as Record<string, unknown>[], false));
}

beforeAll(async () => {
  data = writeJoinData(tradesCsv);
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  await duck.run(`CREATE TABLE instruments AS SELECT * FROM read_csv('${data.instrumentsCsv}', header = true, columns = {'symbol': 'VARCHAR', 'name': 'VARCHAR', 'sector': 'VARCHAR'})`);
  await duck.run(`CREATE TABLE sectors AS SELECT * FROM read_csv('${data.sectorsCsv}', header = true, columns = {'sector': 'VARCHAR', 'description': 'VARCHAR'})`);
});

afterAll(() => duck?.closeSync());

describe('stream-table joins over the bundled trades equal DuckDB', () => {
  for (const oracle of lookups) it(oracle.name, () => expectSameAsDuck({ trades: tradesCsv, quotes: data.quotesCsv }, oracle));
});

describe('interval joins of trades and quotes equal DuckDB', () => {
  for (const oracle of intervals) it(oracle.name, () => expectSameAsDuck({ trades: tradesCsv, quotes: data.quotesCsv }, oracle));
});

describe('joins over trades and quotes shuffled within the watermark bound equal DuckDB (same as sorted input)', () => {
  for (const oracle of [...intervals, lookups[1]!]) {
    it(oracle.name, () => expectSameAsDuck({ trades: data.shuffledTradesCsv, quotes: data.shuffledQuotesCsv }, oracle));
  }
});
