import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { parseTimestamp } from '../../lib/types/time.js';
import { writeTradesWithNulls } from './tradesWithNulls.js';

/**
 * Window aggregates over the bundled trades equal DuckDB's on the same data, for the sorted
 * file and for a shuffled copy whose rows are out of order by less than the configured
 * watermark bound: both must give exactly the same rows.
 */
const sortedCsv = join(import.meta.dirname, '../../examples/trading/data/trades.csv');
let shuffledCsv = '';
const columns = 'trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, side VARCHAR, trader_id VARCHAR, exchange VARCHAR, trade_time TIMESTAMP';

/** Shuffles rows within blocks of 100 (trades are 250 ms apart: at most 25 s out of order). */
function writeShuffled(): string {
  const [header, ...rows] = readFileSync(sortedCsv, 'utf8').trimEnd().split('\n');
  let seed = 12345;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let start = 0; start < rows.length; start += 100) {
    const end = Math.min(start + 100, rows.length);
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(random() * (i - start + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
  }
  const path = join(mkdtempSync(join(tmpdir(), 'ferris-window-')), 'shuffled.csv');
  writeFileSync(path, [header, ...rows].join('\n') + '\n');
  return path;
}

interface WindowCase {
  readonly name: string;
  readonly ours: string;
  readonly duck: string;
  readonly timestamps: readonly string[];
}

const aggregates = 'COUNT(*) AS n, SUM(quantity) AS volume, SUM(price * quantity) AS notional, MIN(price) AS low, MAX(price) AS high, COUNT(DISTINCT trader_id) AS traders';

const cases: readonly WindowCase[] = [
  {
    name: 'tumbling window per symbol (GROUP BY TUMBLE)',
    ours: `SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS ws, ${aggregates} FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)`,
    duck: `SELECT symbol, time_bucket(INTERVAL '1 minute', trade_time) AS ws, ${aggregates} FROM trades GROUP BY ALL`,
    timestamps: ['ws'],
  },
  {
    name: 'tumbling window with the WINDOW clause and HAVING',
    ours: `SELECT exchange, _window_start AS ws, _window_end AS we, ${aggregates} FROM trades GROUP BY exchange WINDOW TUMBLING(trade_time, 5m) HAVING COUNT(*) > 50`,
    duck: `SELECT exchange, time_bucket(INTERVAL '5 minutes', trade_time) AS ws, ws + INTERVAL '5 minutes' AS we, ${aggregates} FROM trades GROUP BY ALL HAVING COUNT(*) > 50`,
    timestamps: ['ws', 'we'],
  },
  {
    name: 'hopping window (size 60 s, slide 20 s)',
    ours: `SELECT side, HOP_START(trade_time, INTERVAL '20' SECOND, INTERVAL '60' SECOND) AS ws, ${aggregates} FROM trades GROUP BY side, HOP(trade_time, INTERVAL '20' SECOND, INTERVAL '60' SECOND)`,
    duck: `SELECT side, ws, ${aggregates} FROM (SELECT *, UNNEST([time_bucket(INTERVAL '20 seconds', trade_time) - INTERVAL '40 seconds', time_bucket(INTERVAL '20 seconds', trade_time) - INTERVAL '20 seconds', time_bucket(INTERVAL '20 seconds', trade_time)]) AS ws FROM trades) GROUP BY ALL`,
    timestamps: ['ws'],
  },
  {
    name: 'session window per trader (gap 90 s): a gap of exactly 90 s starts a new session',
    ours: `SELECT trader_id, SESSION_START(trade_time, INTERVAL '90' SECOND) AS ss, SESSION_END(trade_time, INTERVAL '90' SECOND) AS se, ${aggregates} FROM trades GROUP BY trader_id, SESSION(trade_time, INTERVAL '90' SECOND)`,
    duck: `WITH marked AS (
             SELECT *, CASE WHEN trade_time - LAG(trade_time) OVER (PARTITION BY trader_id ORDER BY trade_time) < INTERVAL '90 seconds' THEN 0 ELSE 1 END AS starts
             FROM trades),
           numbered AS (SELECT *, SUM(starts) OVER (PARTITION BY trader_id ORDER BY trade_time ROWS UNBOUNDED PRECEDING) AS session FROM marked)
           SELECT trader_id, MIN(trade_time) AS ss, MAX(trade_time) + INTERVAL '90 seconds' AS se, ${aggregates} FROM numbered GROUP BY trader_id, session`,
    timestamps: ['ss', 'se'],
  },
  {
    name: 'unbounded GROUP BY with EMIT FINAL',
    ours: `SELECT symbol, side, ${aggregates} FROM trades GROUP BY symbol, side EMIT FINAL`,
    duck: `SELECT symbol, side, ${aggregates} FROM trades GROUP BY ALL`,
    timestamps: [],
  },
];

/** Window aggregates keyed by columns with NULLs (DuckDB's `trades_nulls` view; ours reads the same file). */
const nullKeyCases: readonly WindowCase[] = [
  {
    name: 'tumbling window per exchange with a NULL exchange group, NULL quantities, prices and traders',
    ours: `SELECT exchange, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS ws, ${aggregates}, COUNT(quantity) AS with_qty, COUNT(exchange) AS with_venue FROM trades GROUP BY exchange, TUMBLE(trade_time, INTERVAL '1' MINUTE)`,
    duck: `SELECT exchange, time_bucket(INTERVAL '1 minute', trade_time) AS ws, ${aggregates}, COUNT(quantity) AS with_qty, COUNT(exchange) AS with_venue FROM trades_nulls GROUP BY ALL`,
    timestamps: ['ws'],
  },
  {
    name: 'unbounded GROUP BY two NULL-able keys with EMIT FINAL',
    ours: `SELECT exchange, trader_id, ${aggregates} FROM trades GROUP BY exchange, trader_id EMIT FINAL`,
    duck: `SELECT exchange, trader_id, ${aggregates} FROM trades_nulls GROUP BY ALL`,
    timestamps: [],
  },
];

function normalise(value: unknown, timestamp: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (timestamp && typeof value === 'string') return String(parseTimestamp(value));
  const text = isDecimal(value) ? value.toString() : String(value);
  if (!/^-?\d+\.\d+$/.test(text)) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

function sorted(rows: (string | null)[][]): (string | null)[][] {
  return rows.map((r) => r).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

let duck: DuckDBConnection;
let nullsCsv = '';

beforeAll(async () => {
  shuffledCsv = writeShuffled();
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  const duckColumns = columns.split(', ').map((c) => c.split(' ')).map(([n, t]) => `'${n}': '${t}'`).join(', ');
  await duck.run(`CREATE VIEW trades AS SELECT * FROM read_csv('${sortedCsv}', header = true, columns = {${duckColumns}})`);
  nullsCsv = writeTradesWithNulls(sortedCsv);
  await duck.run(`CREATE VIEW trades_nulls AS SELECT * FROM read_csv('${nullsCsv}', header = true, columns = {${duckColumns}})`);
});

afterAll(() => duck?.closeSync());

async function ours(sql: string, file: string): Promise<Record<string, unknown>[]> {
  const declaration = `CREATE STREAM trades (${columns}) WITH ('trades.type' = 'file_source', 'trades.path' = '${file}', 'trades.format' = 'csv');`;
  const withBound = `${sql} WITH ('watermark.max_out_of_orderness' = '30s')`;
  return firstValueFrom(new FerrisEngine().sql<Record<string, unknown>>(`${declaration}\n${withBound}`).pipe(toArray()));
}

async function duckRows(oracle: WindowCase): Promise<{ names: string[]; expected: (string | null)[][] }> {
  const reader = await duck.runAndReadAll(oracle.duck);
  const names = reader.columnNames();
  const stamps = new Set(oracle.timestamps);
  return { names, expected: sorted(reader.getRowObjectsJson().map((row) => names.map((n) => normalise(row[n], stamps.has(n))))) };
}

function toRows(rows: Record<string, unknown>[], names: readonly string[]): (string | null)[][] {
  return sorted(rows.map((row) => names.map((n) => normalise(row[n], false))));
}

describe('window aggregates equal DuckDB, in order and shuffled within the watermark bound', () => {
  for (const oracle of cases) {
    it(oracle.name, async () => {
      const { names, expected } = await duckRows(oracle);
      const fromSorted = await ours(oracle.ours, sortedCsv);
      const fromShuffled = await ours(oracle.ours, shuffledCsv);
      expect(expected.length).toBeGreaterThan(3);
      expect(Object.keys(fromSorted[0]!)).toEqual(names);
      expect(toRows(fromSorted, names)).toEqual(expected);
      expect(toRows(fromShuffled, names)).toEqual(expected);
    });
  }
});

describe('window aggregates with NULL keys from empty CSV fields equal DuckDB', () => {
  for (const oracle of nullKeyCases) {
    it(oracle.name, async () => {
      const { names, expected } = await duckRows(oracle);
      const fromFile = await ours(oracle.ours, nullsCsv);
      expect(expected.some((row) => row[0] === null)).toBe(true);
      expect(Object.keys(fromFile[0]!)).toEqual(names);
      expect(toRows(fromFile, names)).toEqual(expected);
    });
  }
});
