import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { loadApp, startApp } from '../../lib/runtime/app.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { parseTimestamp } from '../../lib/types/time.js';

/**
 * UNION ALL of two different file sources (issue 9, item 5): the bundled trades and a quotes
 * stream of our own, with different event-time columns and very different batch sizes, so the
 * sources are read far apart in event time. A window over the union must still equal DuckDB,
 * for sorted input and for input shuffled within the watermark bound. Also the UNION ALL
 * contract: duplicates kept, names from the first branch, the sink's WITH after the last SELECT.
 */
const tradesCsv = join(import.meta.dirname, '../../examples/trading/data/trades.csv');
const tradeColumns = 'trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, side VARCHAR, trader_id VARCHAR, exchange VARCHAR, trade_time TIMESTAMP';
const quoteColumns = 'sym VARCHAR, quote_time TIMESTAMP, bid DECIMAL(10,2), size INTEGER';
const dir = mkdtempSync(join(tmpdir(), 'ferris-union-'));

/** 1,500 quotes over the trades' 21 minutes, 850 ms apart, for four of the traded symbols. */
function writeQuotes(): string {
  const base = Date.parse('2024-01-01T00:00:00.000Z');
  const symbols = ['AAPL', 'MSFT', 'JNJ', 'AMZN'];
  const lines = Array.from({ length: 1500 }, (_, i) => `${symbols[i % 4]},${new Date(base + i * 850 + 3).toISOString()},${(100 + (i % 37) / 4).toFixed(2)},${((i * 7) % 100) + 1}`);
  const path = join(dir, 'quotes.csv');
  writeFileSync(path, `sym,quote_time,bid,size\n${lines.join('\n')}\n`);
  return path;
}

/** A copy of a CSV with its rows shuffled within blocks of `block` (deterministic). */
function shuffled(path: string, block: number, name: string): string {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  let seed = 777;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let start = 0; start < rows.length; start += block) {
    const end = Math.min(start + block, rows.length);
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(random() * (i - start + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
  }
  const out = join(dir, name);
  writeFileSync(out, [header, ...rows].join('\n') + '\n');
  return out;
}

let duck: DuckDBConnection;
let quotesCsv = '';

beforeAll(async () => {
  quotesCsv = writeQuotes();
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  const duckColumns = (columns: string): string => columns.split(', ').map((c) => c.split(' ')).map(([n, t]) => `'${n}': '${t}'`).join(', ');
  await duck.run(`CREATE VIEW trades AS SELECT * FROM read_csv('${tradesCsv}', header = true, columns = {${duckColumns(tradeColumns)}})`);
  await duck.run(`CREATE VIEW quotes AS SELECT * FROM read_csv('${quotesCsv}', header = true, columns = {${duckColumns(quoteColumns)}})`);
});

afterAll(() => duck?.closeSync());

/** Trades in batches of 50, quotes in batches of 1,000: quotes run ahead of trades in event time. */
function declarations(trades: string, quotes: string): string {
  return `CREATE STREAM trades (${tradeColumns}) WITH ('trades.type' = 'file_source', 'trades.path' = '${trades}', 'trades.format' = 'csv', 'trades.batch.size' = '50');
CREATE STREAM quotes (${quoteColumns}) WITH ('quotes.type' = 'file_source', 'quotes.path' = '${quotes}', 'quotes.format' = 'csv', 'quotes.batch.size' = '1000');
`;
}

async function ours(sql: string, trades = tradesCsv, quotes = quotesCsv): Promise<Record<string, unknown>[]> {
  return firstValueFrom(new FerrisEngine().sql<Record<string, unknown>>(declarations(trades, quotes) + sql).pipe(toArray()));
}

function normalise(value: unknown, timestamp: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (timestamp && typeof value === 'string') return String(parseTimestamp(value));
  const text = isDecimal(value) ? value.toString() : String(value);
  if (!/^-?\d+\.\d+$/.test(text)) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

const sortRows = (rows: (string | null)[][]): (string | null)[][] => rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function duckRows(sql: string, timestamps: readonly string[]): Promise<{ names: string[]; rows: (string | null)[][] }> {
  const reader = await duck.runAndReadAll(sql);
  const names = reader.columnNames();
  return { names, rows: sortRows(reader.getRowObjectsJson().map((row) => names.map((n) => normalise(row[n], timestamps.includes(n))))) };
}

const toRows = (rows: Record<string, unknown>[], names: readonly string[]): (string | null)[][] => sortRows(rows.map((row) => names.map((n) => normalise(row[n], false))));

const union = `SELECT symbol, trade_time AS ts, quantity AS qty, price AS px FROM trades
  UNION ALL SELECT sym AS symbol, quote_time AS ts, size AS qty, bid AS px FROM quotes`;

describe('a window over a UNION ALL of two file sources with different event-time columns', () => {
  const windowed = `SELECT symbol, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS ws, COUNT(*) AS n, SUM(qty) AS volume, MAX(px) AS high
FROM (${union}) u GROUP BY symbol, TUMBLE(ts, INTERVAL '1' MINUTE)`;
  const duckWindowed = `SELECT symbol, time_bucket(INTERVAL '1 minute', ts) AS ws, COUNT(*) AS n, SUM(qty) AS volume, MAX(px) AS high
FROM (SELECT symbol, trade_time AS ts, quantity AS qty, price AS px FROM trades UNION ALL SELECT sym, quote_time, size, bid FROM quotes) GROUP BY ALL`;

  it('equals DuckDB on sorted input: no row is late although quotes are read far ahead of trades', async () => {
    const { names, rows } = await duckRows(duckWindowed, ['ws']);
    const result = await ours(windowed);
    expect(rows.length).toBeGreaterThan(100);
    expect(Object.keys(result[0]!)).toEqual(names);
    expect(toRows(result, names)).toEqual(rows);
  });

  it('equals DuckDB on input shuffled within the bound, each source with its own bound', async () => {
    const { names, rows } = await duckRows(duckWindowed, ['ws']);
    // Trades are 250 ms apart: blocks of 100 are at most 25 s out of order; quotes 850 ms apart, blocks of 20 at most 17 s.
    const trades = shuffled(tradesCsv, 100, 'trades-shuffled.csv');
    const quotes = shuffled(quotesCsv, 20, 'quotes-shuffled.csv');
    const result = await ours(`${windowed} WITH ('trades.watermark.max_out_of_orderness' = '30s', 'quotes.watermark.max_out_of_orderness' = '20s')`, trades, quotes);
    expect(toRows(result, names)).toEqual(rows);
  });
});

describe('UNION ALL contract', () => {
  it('keeps duplicates, and takes its column names from the first branch', async () => {
    const sql = `SELECT sym AS first_name, size FROM quotes WHERE size > 90 UNION ALL SELECT sym AS other_name, size FROM quotes WHERE size > 95`;
    const { rows } = await duckRows(`SELECT sym AS first_name, size FROM quotes WHERE size > 90 UNION ALL SELECT sym, size FROM quotes WHERE size > 95`, []);
    const result = await ours(sql);
    expect(Object.keys(result[0]!)).toEqual(['first_name', 'size']);
    expect(toRows(result, ['first_name', 'size'])).toEqual(rows);
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBeLessThan(rows.length);
  });

  it("takes the sink's WITH after the last SELECT", async () => {
    const out = join(dir, 'union-out.jsonl');
    const sql = `${declarations(tradesCsv, quotesCsv)}CREATE STREAM both_sides AS
SELECT symbol, quantity AS qty FROM trades WHERE quantity > 990 UNION ALL SELECT sym, size FROM quotes WHERE size = 100
WITH ('both_sides.type' = 'file_sink', 'both_sides.path' = '${out}', 'both_sides.format' = 'jsonl')`;
    const pipeline = await startApp(loadApp(sql, { file: 'app.sql', variables: () => undefined }), {
      file: 'app.sql',
      baseDir: dir,
      variables: () => undefined,
      log: silentLogger,
      print: () => undefined,
    });
    const outcomes = await pipeline.run();
    expect(outcomes.map((o) => o.error)).toEqual([undefined]);
    const { rows } = await duckRows('SELECT symbol, quantity AS qty FROM trades WHERE quantity > 990 UNION ALL SELECT sym, size FROM quotes WHERE size = 100', []);
    const written = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(toRows(written, ['symbol', 'qty'])).toEqual(rows);
  });
});
