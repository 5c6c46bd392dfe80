import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { writeJoinData } from './joinData.js';

/**
 * Subqueries against tables over the bundled trades, checked against DuckDB reading the same
 * CSV files: IN / NOT IN with SQL's NULLs (a table with a NULL key, an empty subquery, a NULL
 * operand), = ANY and <> ALL, the other quantified comparisons (NULL operands and values, empty and
 * correlated subqueries), correlated [NOT] EXISTS with a further condition, correlated and
 * uncorrelated scalar subqueries (NULL without a row, a NULL value). `WATCH` and `DESK` are file
 * tables (read by URI: WATCH has a duplicate and a NULL symbol); `instruments` and `limits` are
 * CREATE TABLE sources (limits has a NULL max_qty and a trader who never trades).
 */
const tradesCsv = join(import.meta.dirname, '../../examples/trading/data/trades.csv');
const TRADES = 'trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, side VARCHAR, trader_id VARCHAR, exchange VARCHAR, trade_time TIMESTAMP';

let duck: DuckDBConnection;
let files: { instruments: string; limits: string; watch: string; desk: string; versioned: string };

function declarations(): string {
  return [
    `CREATE STREAM trades (${TRADES}) WITH ('trades.type' = 'file_source', 'trades.path' = '${tradesCsv}', 'trades.format' = 'csv',
       'trades.event.time.field' = 'trade_time');`,
    `CREATE TABLE instruments (symbol VARCHAR PRIMARY KEY, name VARCHAR, sector VARCHAR)
       WITH ('instruments.type' = 'file_source', 'instruments.path' = '${files.instruments}', 'instruments.format' = 'csv');`,
    `CREATE TABLE limits (trader_id VARCHAR PRIMARY KEY, max_qty INTEGER)
       WITH ('limits.type' = 'file_source', 'limits.path' = '${files.limits}', 'limits.format' = 'csv');`,
  ].join('\n');
}

interface SubqueryCase {
  readonly name: string;
  readonly sql: string;
}

const cases: readonly SubqueryCase[] = [
  {
    name: 'IN (SELECT ...) of a CREATE TABLE with a condition keeps the trades of Tech instruments',
    sql: "SELECT trade_id, symbol FROM trades WHERE symbol IN (SELECT symbol FROM instruments WHERE sector = 'Tech')",
  },
  {
    name: 'IN in WHERE with a NULL operand and a subquery with a NULL keeps only the matches',
    sql: "SELECT trade_id, symbol FROM trades WHERE quantity > 100 AND NULLIF(symbol, 'TSLA') IN (SELECT symbol FROM WATCH)",
  },
  {
    name: 'NOT IN a file table without NULLs drops the listed symbols',
    sql: 'SELECT trade_id, symbol FROM trades WHERE symbol NOT IN (SELECT symbol FROM DESK)',
  },
  {
    name: 'IN and NOT IN as values: NULL when the subquery has a NULL and no match, or the operand is NULL; an empty subquery gives FALSE / TRUE',
    sql: `SELECT trade_id, symbol IN (SELECT symbol FROM WATCH) AS in_watch, symbol NOT IN (SELECT symbol FROM WATCH) AS not_in_watch,
            NULLIF(symbol, 'AAPL') IN (SELECT symbol FROM DESK) AS null_in, NULLIF(symbol, 'AAPL') NOT IN (SELECT symbol FROM DESK) AS null_not_in,
            NULLIF(symbol, 'AAPL') NOT IN (SELECT symbol FROM instruments WHERE sector = 'None') AS null_not_in_empty,
            NULLIF(symbol, 'AAPL') IN (SELECT symbol FROM instruments WHERE sector = 'None') AS null_in_empty
          FROM trades`,
  },
  {
    name: '= ANY and <> ALL are IN and NOT IN',
    sql: 'SELECT trade_id, symbol = ANY (SELECT symbol FROM WATCH) AS any_watch, symbol <> ALL (SELECT symbol FROM DESK) AS all_desk FROM trades',
  },
  {
    name: '< ANY, >= ALL, ... against a column with a NULL: NULL where no row decides; = ALL and <> ANY',
    sql: `SELECT trade_id, quantity > ANY (SELECT max_qty FROM limits) AS gt_any, quantity < ALL (SELECT max_qty FROM limits) AS lt_all,
            quantity >= ALL (SELECT max_qty FROM limits WHERE max_qty <= 200) AS ge_all, quantity <= SOME (SELECT max_qty FROM limits WHERE max_qty <= 200) AS le_some,
            quantity = ALL (SELECT max_qty FROM limits WHERE max_qty = 100) AS eq_all, quantity <> ANY (SELECT max_qty FROM limits WHERE max_qty = 100) AS ne_any,
            symbol < ALL (SELECT symbol FROM WATCH WHERE symbol <> 'AAPL') AS sym_lt_all, symbol > ANY (SELECT symbol FROM WATCH) AS sym_gt_any,
            symbol >= ANY (SELECT symbol FROM DESK WHERE symbol <> 'AAPL') AS sym_ge_any
          FROM trades`,
  },
  {
    name: 'quantified comparisons with a NULL operand and with an empty subquery (ANY is FALSE, ALL is TRUE, also for a NULL operand)',
    sql: `SELECT trade_id, NULLIF(quantity, 100) < ANY (SELECT max_qty FROM limits WHERE max_qty IS NOT NULL) AS null_any,
            NULLIF(quantity, 100) > ALL (SELECT max_qty FROM limits WHERE max_qty IS NOT NULL) AS null_all,
            NULLIF(quantity, 100) > ANY (SELECT max_qty FROM limits WHERE trader_id = 'T999') AS null_any_empty,
            NULLIF(quantity, 100) <= ALL (SELECT max_qty FROM limits WHERE trader_id = 'T999') AS null_all_empty,
            quantity > ANY (SELECT max_qty FROM limits WHERE trader_id = 'T999') AS any_empty,
            quantity > ALL (SELECT max_qty FROM limits WHERE trader_id = 'T999') AS all_empty
          FROM trades`,
  },
  {
    name: 'correlated quantified comparisons: a trader without limits gives TRUE for ALL and FALSE for ANY; a NULL limit gives NULL',
    sql: `SELECT trade_id, quantity > ALL (SELECT l.max_qty FROM limits l WHERE l.trader_id = t.trader_id) AS over_all,
            quantity < ANY (SELECT max_qty FROM limits WHERE trader_id = t.trader_id AND max_qty > 100) AS under_any FROM trades t`,
  },
  {
    name: 'quantified comparisons in WHERE keep only the TRUE rows',
    sql: `SELECT trade_id, quantity FROM trades t WHERE quantity > ANY (SELECT max_qty FROM limits WHERE trader_id IN ('T001', 'T003'))
            AND NOT (quantity >= ALL (SELECT max_qty FROM limits))`,
  },
  {
    name: 'correlated EXISTS with a condition on both rows',
    sql: 'SELECT trade_id, quantity FROM trades t WHERE EXISTS (SELECT 1 FROM limits l WHERE l.trader_id = t.trader_id AND t.quantity > l.max_qty)',
  },
  {
    name: 'correlated NOT EXISTS keeps the trades without an instrument',
    sql: 'SELECT trade_id, symbol FROM trades t WHERE NOT EXISTS (SELECT * FROM instruments i WHERE i.symbol = t.symbol)',
  },
  {
    name: 'correlated scalar subqueries: NULL without a row; an unqualified name resolves in the subquery first',
    sql: `SELECT trade_id, (SELECT l.max_qty FROM limits l WHERE l.trader_id = t.trader_id) AS max_qty,
            quantity - (SELECT max_qty FROM limits WHERE trader_id = t.trader_id) AS headroom FROM trades t`,
  },
  {
    name: 'a correlated scalar subquery in WHERE',
    sql: 'SELECT trade_id, trader_id FROM trades t WHERE t.quantity > (SELECT l.max_qty FROM limits l WHERE l.trader_id = t.trader_id)',
  },
  {
    name: 'uncorrelated scalar subqueries, one row and none',
    sql: "SELECT trade_id, quantity - (SELECT max_qty FROM limits WHERE trader_id = 'T001') AS over_t001, (SELECT max_qty FROM limits WHERE trader_id = 'T999') AS nobody FROM trades WHERE symbol = 'AAPL'",
  },
  {
    name: 'a subquery after a join, and an IN over a condition with IS NOT NULL',
    sql: 'SELECT t.trade_id, i.name FROM trades t JOIN instruments i ON t.symbol = i.symbol WHERE t.trader_id IN (SELECT trader_id FROM limits WHERE max_qty IS NOT NULL)',
  },
];

function normalise(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = isDecimal(value) ? value.toString() : String(value);
  if (!/^-?\d+\.\d+$/.test(text)) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

async function ours(sql: string): Promise<Record<string, unknown>[]> {
  const text = sql.replaceAll('WATCH', `'file://${files.watch}'`).replaceAll('DESK', `'file://${files.desk}'`);
  return firstValueFrom(new FerrisEngine().sql<Record<string, unknown>>(`${declarations()}\n${text}`).pipe(toArray()));
}

async function expectSameAsDuck(oracle: SubqueryCase): Promise<void> {
  const mine = await ours(oracle.sql);
  const reader = await duck.runAndReadAll(oracle.sql.replaceAll('WATCH', 'watchlist').replaceAll('DESK', 'desk'));
  const names = reader.columnNames();
  const rows = (objects: Record<string, unknown>[]): string[] => objects.map((row) => JSON.stringify(names.map((n) => normalise(row[n])))).sort();
  expect(mine.length).toBeGreaterThan(0);
  expect(Object.keys(mine[0]!)).toEqual(names);
  expect(rows(mine)).toEqual(rows(reader.getRowObjectsJson() as Record<string, unknown>[]));
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-subquery-'));
  files = {
    instruments: writeJoinData(tradesCsv).instrumentsCsv,
    limits: join(dir, 'limits.csv'),
    watch: join(dir, 'watch.csv'),
    desk: join(dir, 'desk.csv'),
    versioned: join(dir, 'versioned_limits.csv'),
  };
  writeFileSync(files.versioned, ['trader_id,max_qty,valid_from', 'T001,100,2024-01-01T00:00:00.000Z', 'T001,500,2024-01-01T00:10:00.000Z'].join('\n') + '\n');
  writeFileSync(files.limits, ['trader_id,max_qty', 'T001,500', 'T002,', 'T003,200', 'T005,300', 'T015,100', 'T099,1000'].join('\n') + '\n');
  writeFileSync(files.watch, ['symbol,note', 'AAPL,a', 'TSLA,t', 'AAPL,again', ',unknown', 'IBM,i'].join('\n') + '\n');
  writeFileSync(files.desk, ['symbol,note', 'AAPL,a', 'MSFT,m', 'TSLA,t'].join('\n') + '\n');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  await duck.run(`CREATE VIEW trades AS SELECT * FROM read_csv('${tradesCsv}', header = true, columns = {${TRADES.split(', ').map((c) => c.split(' ')).map(([n, t]) => `'${n}': '${t}'`).join(', ')}})`);
  await duck.run(`CREATE TABLE instruments AS SELECT * FROM read_csv('${files.instruments}', header = true, columns = {'symbol': 'VARCHAR', 'name': 'VARCHAR', 'sector': 'VARCHAR'})`);
  await duck.run(`CREATE TABLE limits AS SELECT * FROM read_csv('${files.limits}', header = true, columns = {'trader_id': 'VARCHAR', 'max_qty': 'INTEGER'})`);
  for (const [name, path] of [['watchlist', files.watch], ['desk', files.desk]] as const) {
    await duck.run(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${path}', header = true, columns = {'symbol': 'VARCHAR', 'note': 'VARCHAR'})`);
  }
});

afterAll(() => duck?.closeSync());

describe('subqueries against tables over the bundled trades equal DuckDB', () => {
  for (const oracle of cases) it(oracle.name, () => expectSameAsDuck(oracle));
});

describe('a scalar subquery with more than one row', () => {
  it('is a row error of the outer row, as PostgreSQL\'s "more than one row returned by a subquery"; the other rows go on', async () => {
    const sql = "SELECT trade_id, symbol, (SELECT w.note FROM WATCH w WHERE w.symbol = t.symbol) AS note FROM trades t WHERE symbol IN ('AAPL', 'TSLA', 'MSFT')";
    const rows = await ours(sql);
    const symbols = new Set(rows.map((r) => r.symbol));
    expect([...symbols].sort()).toEqual(['MSFT', 'TSLA']);
    expect(new Set(rows.map((r) => `${r.symbol}:${r.note}`))).toEqual(new Set(['MSFT:null', 'TSLA:t']));
  });

  it("fails the job with 'failure_strategy' = 'fail', naming the subquery", async () => {
    const sql = "SELECT trade_id, (SELECT w.note FROM WATCH w WHERE w.symbol = t.symbol) AS note FROM trades t WITH ('failure_strategy' = 'fail')";
    await expect(ours(sql)).rejects.toThrow(/more than one row returned by the subquery \(SELECT w\.note FROM .* w WHERE w\.symbol = t\.symbol\)/);
  });
});

describe('a subquery against a table versioned by event time', () => {
  it('sees, for each stream row, the table as of its event time', async () => {
    const table = `CREATE TABLE vlimits (trader_id VARCHAR PRIMARY KEY, max_qty INTEGER, valid_from TIMESTAMP)
      WITH ('vlimits.type' = 'file_source', 'vlimits.path' = '${files.versioned}', 'vlimits.format' = 'csv', 'vlimits.event.time.field' = 'valid_from');`;
    const rows = await ours(`${table}\nSELECT trade_id, (SELECT v.max_qty FROM vlimits v WHERE v.trader_id = t.trader_id) AS max_qty FROM trades t WHERE t.trader_id = 'T001'`);
    const switchAt = Date.parse('2024-01-01T00:10:00.000Z');
    const expected = readFileSync(tradesCsv, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(','))
      .filter((f) => f[5] === 'T001')
      .map((f) => `${f[0]}:${Date.parse(f[7]!) >= switchAt ? 500 : 100}`);
    expect(new Set(expected.map((e) => e.split(':')[1]))).toEqual(new Set(['100', '500']));
    expect(rows.map((r) => `${r.trade_id}:${r.max_qty}`).sort()).toEqual(expected.sort());
  });

  it('compares with ALL of the rows as of its event time', async () => {
    const table = `CREATE TABLE vlimits (trader_id VARCHAR PRIMARY KEY, max_qty INTEGER, valid_from TIMESTAMP)
      WITH ('vlimits.type' = 'file_source', 'vlimits.path' = '${files.versioned}', 'vlimits.format' = 'csv', 'vlimits.event.time.field' = 'valid_from');`;
    const rows = await ours(`${table}\nSELECT trade_id, quantity > ALL (SELECT v.max_qty FROM vlimits v WHERE v.trader_id = t.trader_id) AS above FROM trades t WHERE t.trader_id = 'T001'`);
    const switchAt = Date.parse('2024-01-01T00:10:00.000Z');
    const expected = readFileSync(tradesCsv, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(','))
      .filter((f) => f[5] === 'T001')
      .map((f) => `${f[0]}:${Number(f[3]) > (Date.parse(f[7]!) >= switchAt ? 500 : 100)}`);
    expect(new Set(expected.map((e) => e.split(':')[1]))).toEqual(new Set(['true', 'false']));
    expect(rows.map((r) => `${r.trade_id}:${r.above}`).sort()).toEqual(expected.sort());
  });
});
