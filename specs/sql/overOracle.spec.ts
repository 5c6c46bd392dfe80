import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { writeTradesWithNulls } from './tradesWithNulls.js';

/**
 * Analytic (OVER) functions over the bundled trades equal DuckDB's over the whole input, for
 * the sorted file and for a copy shuffled within the watermark bound (windows ordered by the
 * event time release rows by watermark, so both must give exactly DuckDB's rows).
 */
const sortedCsv = join(import.meta.dirname, '../../examples/trading/data/trades.csv');
let shuffledCsv = '';
const columns = 'trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, side VARCHAR, trader_id VARCHAR, exchange VARCHAR, trade_time TIMESTAMP';

/** Shuffles rows within blocks of 100 (trades are 250 ms apart: at most 25 s out of order, under the 30 s bound). */
function writeShuffled(): string {
  const [header, ...rows] = readFileSync(sortedCsv, 'utf8').trimEnd().split('\n');
  let seed = 4242;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let start = 0; start < rows.length; start += 100) {
    const end = Math.min(start + 100, rows.length);
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(random() * (i - start + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
  }
  const path = join(mkdtempSync(join(tmpdir(), 'ferris-over-')), 'shuffled.csv');
  writeFileSync(path, [header, ...rows].join('\n') + '\n');
  return path;
}

interface OverCase {
  readonly name: string;
  readonly ours: string;
  /** DuckDB's spelling, when it differs. */
  readonly duck?: string;
}

const bySymbol = 'PARTITION BY symbol ORDER BY trade_time';

const cases: readonly OverCase[] = [
  {
    name: 'LAG and LEAD with offsets and defaults, ROW_NUMBER, per symbol by event time',
    ours: `SELECT trade_id, ROW_NUMBER() OVER (${bySymbol}) AS rn, LAG(price) OVER (${bySymbol}) AS prev,
             LAG(price, 3, 0) OVER (${bySymbol}) AS prev3, LEAD(quantity) OVER (${bySymbol}) AS next_qty,
             LEAD(quantity, 2, -1) OVER (${bySymbol}) AS next2
           FROM trades`,
  },
  {
    name: 'moving and running frame aggregates: ROWS n PRECEDING, ROWS UNBOUNDED PRECEDING, the default RANGE frame',
    ours: `SELECT trade_id, SUM(quantity) OVER (${bySymbol} ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS vol5,
             SUM(price * quantity) OVER (${bySymbol} ROWS UNBOUNDED PRECEDING) AS running_notional,
             COUNT(*) OVER (${bySymbol}) AS n, MIN(price) OVER (${bySymbol} ROWS 9 PRECEDING) AS low10,
             MAX(price) OVER (${bySymbol} ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING) AS high_before
           FROM trades`,
  },
  {
    name: 'frames that look ahead (n FOLLOWING) and a RANGE of event time (INTERVAL PRECEDING and FOLLOWING)',
    ours: `SELECT trade_id, SUM(quantity) OVER (${bySymbol} ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS ahead,
             COUNT(*) OVER (PARTITION BY exchange ORDER BY trade_time RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW) AS last10s,
             SUM(quantity) OVER (PARTITION BY side ORDER BY trade_time RANGE BETWEEN INTERVAL '2' SECOND PRECEDING AND INTERVAL '2' SECOND FOLLOWING) AS around
           FROM trades`,
  },
  {
    name: 'FIRST_VALUE, LAST_VALUE and NTH_VALUE over their frames',
    ours: `SELECT trade_id, FIRST_VALUE(price) OVER (${bySymbol}) AS opening, LAST_VALUE(price) OVER (${bySymbol}) AS latest,
             NTH_VALUE(price, 2) OVER (${bySymbol}) AS second, FIRST_VALUE(quantity) OVER (${bySymbol} ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS q3,
             NTH_VALUE(quantity, 2) OVER (${bySymbol} ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS mid
           FROM trades`,
  },
  {
    name: 'WHERE applies first; window functions inside expressions; PARTITION BY expressions; several windows',
    ours: `SELECT trade_id, price - LAG(price, 1, price) OVER (${bySymbol}) AS change,
             CASE WHEN quantity > LAG(quantity) OVER (${bySymbol}) THEN 'up' ELSE 'flat or down' END AS trend,
             ROW_NUMBER() OVER (PARTITION BY side || '/' || exchange ORDER BY trade_time) AS seq,
             SUM(quantity) OVER (PARTITION BY trade_id % 3 ORDER BY trade_time ROWS 2 PRECEDING) * 2 AS twice
           FROM trades WHERE exchange <> 'IEX' AND quantity > 100`,
  },
  {
    name: 'ranking over a non-time order (bounded input, held to its end): RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE',
    ours: `SELECT trade_id, RANK() OVER (PARTITION BY symbol ORDER BY quantity DESC) AS r, DENSE_RANK() OVER (PARTITION BY symbol ORDER BY quantity DESC) AS dr,
             ROUND(PERCENT_RANK() OVER (PARTITION BY symbol ORDER BY quantity DESC), 9) AS pr, ROUND(CUME_DIST() OVER (PARTITION BY symbol ORDER BY quantity DESC), 9) AS cd,
             NTILE(4) OVER (PARTITION BY symbol ORDER BY quantity DESC, trade_id) AS quartile, SUM(quantity) OVER (PARTITION BY exchange) AS exchange_volume
           FROM trades`,
  },
  {
    name: 'other aggregates over frames: numeric RANGE offsets, COUNT(DISTINCT), STRING_AGG, STDDEV, SUM of an expression',
    ours: `SELECT trade_id, COUNT(*) OVER (PARTITION BY symbol ORDER BY quantity RANGE BETWEEN 50 PRECEDING AND 50 FOLLOWING) AS similar_size,
             COUNT(DISTINCT trader_id) OVER (${bySymbol} ROWS BETWEEN 19 PRECEDING AND CURRENT ROW) AS traders20,
             STRING_AGG(side, ',') OVER (${bySymbol} ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS sides,
             ROUND(STDDEV(price) OVER (${bySymbol} ROWS BETWEEN 9 PRECEDING AND CURRENT ROW), 6) AS vol10,
             SUM(price * quantity) OVER (PARTITION BY exchange ORDER BY trade_time ROWS 3 PRECEDING) AS notional4
           FROM trades`,
  },
  {
    name: 'a window function filtered in an outer query: the 3 largest trades per symbol and side, and every 100th trade per exchange',
    ours: `SELECT * FROM (SELECT trade_id, symbol, side, quantity, ROW_NUMBER() OVER (PARTITION BY symbol, side ORDER BY quantity DESC, trade_id) AS r FROM trades) t WHERE r <= 3
           UNION ALL
           SELECT * FROM (SELECT trade_id, exchange, side, quantity, ROW_NUMBER() OVER (PARTITION BY exchange ORDER BY trade_time) AS r FROM trades) u WHERE r % 100 = 0`,
  },
  {
    name: 'OVER a tumbling-window aggregate in a subquery: each one-minute bar against the previous one, and a 3-bar moving volume',
    ours: `SELECT symbol, minute, volume, volume - LAG(volume, 1, 0) OVER (PARTITION BY symbol ORDER BY minute) AS change,
             SUM(volume) OVER (PARTITION BY symbol ORDER BY minute ROWS 2 PRECEDING) AS volume3
           FROM (SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS minute, SUM(quantity) AS volume
                 FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)) bars`,
    duck: `SELECT symbol, epoch_ms(minute) AS minute, volume, volume - LAG(volume, 1, 0) OVER (PARTITION BY symbol ORDER BY minute) AS change,
             SUM(volume) OVER (PARTITION BY symbol ORDER BY minute ROWS 2 PRECEDING) AS volume3
           FROM (SELECT symbol, time_bucket(INTERVAL '1 minute', trade_time) AS minute, SUM(quantity) AS volume FROM trades GROUP BY ALL) bars`,
  },
  {
    name: 'ROWS WINDOW BUFFER 10 ROWS equals the standard frame of the last 10 rows while LAG stays below 10',
    ours: `SELECT trade_id, AVG(quantity) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY trade_time) AS avg10,
             LAG(price, 9) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY trade_time) AS lag9,
             MAX(quantity) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY trade_time ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS max5
           FROM trades`,
    duck: `SELECT trade_id, AVG(quantity) OVER (${bySymbol} ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS avg10,
             LAG(price, 9) OVER (${bySymbol}) AS lag9, MAX(quantity) OVER (${bySymbol} ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS max5
           FROM trades`,
  },
  {
    name: 'top-N rewrite, RANK with ties at the boundary and N > 1: the 3 largest quantities per symbol and side, every tied trade kept',
    ours: `SELECT trade_id, symbol, side, quantity, r FROM (SELECT trade_id, symbol, side, quantity, RANK() OVER (PARTITION BY symbol, side ORDER BY quantity DESC) AS r FROM trades) t WHERE r <= 3`,
  },
  {
    name: 'top-N rewrite, DENSE_RANK ascending over several keys with RANK beside it, written n > d, and another condition kept',
    ours: `SELECT * FROM (SELECT trade_id, exchange, side, quantity, DENSE_RANK() OVER (PARTITION BY exchange ORDER BY side, quantity) AS d,
             RANK() OVER (PARTITION BY exchange ORDER BY side, quantity) AS r FROM trades) t
           WHERE 4 > d AND trade_id % 2 = 0`,
  },
  {
    name: 'top-N rewrite, ROW_NUMBER by two keys (price DESC, trade_id), r < 5, and RANK = 1 over partitions of one row each',
    ours: `SELECT * FROM (SELECT trade_id, trader_id, price, ROW_NUMBER() OVER (PARTITION BY trader_id ORDER BY price DESC, trade_id) AS n FROM trades) t WHERE n < 5
           UNION ALL
           SELECT * FROM (SELECT trade_id, symbol, price, RANK() OVER (PARTITION BY trade_id ORDER BY price) AS r FROM trades WHERE trade_id % 50 = 0) u WHERE 1 = r`,
  },
  {
    name: 'top-N rewrite over one partition (no PARTITION BY): the trades with the single largest quantity, ties kept',
    ours: `SELECT trade_id, quantity, r FROM (SELECT trade_id, quantity, RANK() OVER (ORDER BY quantity DESC) AS r FROM trades) t WHERE r = 1
           UNION ALL
           SELECT trade_id, quantity, r FROM (SELECT trade_id, quantity, DENSE_RANK() OVER (ORDER BY quantity) AS r FROM trades) t WHERE r <= 2`,
  },
];

function normalise(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = isDecimal(value) ? value.toString() : String(value);
  if (!/^-?\d+\.\d+$/.test(text)) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

function sorted(rows: (string | null)[][]): (string | null)[][] {
  return rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Over trades with empty CSV fields (NULL quantities, prices, exchanges, traders): DuckDB reads them from `trades_nulls`. */
const nullCases: readonly OverCase[] = [
  {
    name: 'NULL values and NULL keys: LAG and FIRST_VALUE keep NULLs, aggregates skip them, NULL partitions are one, a NULL order key sorts last and its RANGE frame is its peers',
    ours: `SELECT trade_id, LAG(quantity) OVER (${bySymbol}) AS prev_qty, FIRST_VALUE(price) OVER (PARTITION BY exchange ORDER BY trade_time) AS first_price,
             SUM(quantity) OVER (PARTITION BY exchange ORDER BY trade_time ROWS 3 PRECEDING) AS qty4, COUNT(price) OVER (${bySymbol} ROWS 5 PRECEDING) AS priced6,
             COUNT(*) OVER (PARTITION BY symbol ORDER BY quantity RANGE BETWEEN 25 PRECEDING AND 25 FOLLOWING) AS near_size,
             RANK() OVER (PARTITION BY trader_id ORDER BY quantity) AS size_rank
           FROM trades`,
    duck: `SELECT trade_id, LAG(quantity) OVER (${bySymbol}) AS prev_qty, FIRST_VALUE(price) OVER (PARTITION BY exchange ORDER BY trade_time) AS first_price,
             SUM(quantity) OVER (PARTITION BY exchange ORDER BY trade_time ROWS 3 PRECEDING) AS qty4, COUNT(price) OVER (${bySymbol} ROWS 5 PRECEDING) AS priced6,
             COUNT(*) OVER (PARTITION BY symbol ORDER BY quantity RANGE BETWEEN 25 PRECEDING AND 25 FOLLOWING) AS near_size,
             RANK() OVER (PARTITION BY trader_id ORDER BY quantity) AS size_rank
           FROM trades_nulls`,
  },
  {
    name: 'top-N rewrite over NULL order keys and NULL partitions: NULLS FIRST ranks NULL quantities first (tied), NULLS LAST ranks them after every value',
    ours: `SELECT * FROM (SELECT trade_id, exchange, quantity, RANK() OVER (PARTITION BY exchange ORDER BY quantity DESC NULLS FIRST) AS r FROM trades) t WHERE r <= 4
           UNION ALL
           SELECT * FROM (SELECT trade_id, exchange, quantity, DENSE_RANK() OVER (PARTITION BY symbol ORDER BY quantity NULLS FIRST) AS d FROM trades) t WHERE d = 1
           UNION ALL
           SELECT * FROM (SELECT trade_id, trader_id, price, ROW_NUMBER() OVER (PARTITION BY trader_id ORDER BY price NULLS LAST, trade_id) AS n FROM trades) t WHERE n <= 2`,
    duck: `SELECT * FROM (SELECT trade_id, exchange, quantity, RANK() OVER (PARTITION BY exchange ORDER BY quantity DESC NULLS FIRST) AS r FROM trades_nulls) t WHERE r <= 4
           UNION ALL
           SELECT * FROM (SELECT trade_id, exchange, quantity, DENSE_RANK() OVER (PARTITION BY symbol ORDER BY quantity NULLS FIRST) AS d FROM trades_nulls) t WHERE d = 1
           UNION ALL
           SELECT * FROM (SELECT trade_id, trader_id, price, ROW_NUMBER() OVER (PARTITION BY trader_id ORDER BY price NULLS LAST, trade_id) AS n FROM trades_nulls) t WHERE n <= 2`,
  },
];

let nullsCsv = '';
let duck: DuckDBConnection;

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
  return firstValueFrom(new FerrisEngine().sql<Record<string, unknown>>(`${declaration}\n${sql} WITH ('watermark.max_out_of_orderness' = '30s')`).pipe(toArray()));
}

async function duckRows(sql: string): Promise<{ names: string[]; rows: Record<string, unknown>[] }> {
  const reader = await duck.runAndReadAll(sql);
  return { names: reader.columnNames(), rows: reader.getRowObjectsJson() as Record<string, unknown>[] };
}

describe('OVER functions over the bundled trades equal DuckDB, sorted and shuffled within the watermark bound', () => {
  for (const oracle of cases) {
    it(oracle.name, async () => {
      const theirs = await duckRows(oracle.duck ?? oracle.ours);
      const expected = sorted(theirs.rows.map((row) => theirs.names.map((n) => normalise(row[n]))));
      expect(expected.length).toBeGreaterThan(40);
      for (const file of [sortedCsv, shuffledCsv]) {
        const rows = await ours(oracle.ours, file);
        expect(Object.keys(rows[0]!)).toEqual(theirs.names);
        expect(sorted(rows.map((row) => theirs.names.map((n) => normalise(row[n]))))).toEqual(expected);
      }
    });
  }

  it('the moving AVG of a DECIMAL is exact: SUM / COUNT of the same frame at scale 4 + 6, rounded half up', async () => {
    const frame = `${bySymbol} ROWS BETWEEN 6 PRECEDING AND CURRENT ROW`;
    const rows = await ours(`SELECT trade_id, AVG(price) OVER (${frame}) AS avg7 FROM trades`, shuffledCsv);
    const theirs = await duckRows(`SELECT trade_id, CAST(SUM(price) OVER (${frame}) * 10000 AS HUGEINT) AS units, COUNT(price) OVER (${frame}) AS n FROM trades`);
    const expected = new Map(theirs.rows.map((row) => [String(row.trade_id), exactAverage(BigInt(String(row.units)), BigInt(String(row.n)))]));
    expect(rows).toHaveLength(expected.size);
    for (const row of rows) expect(normalise(row.avg7)).toBe(expected.get(String(row.trade_id)));
  });
});

describe('OVER functions over trades with NULLs equal DuckDB', () => {
  for (const oracle of nullCases) {
    it(oracle.name, async () => {
      const theirs = await duckRows(oracle.duck!);
      const expected = sorted(theirs.rows.map((row) => theirs.names.map((n) => normalise(row[n]))));
      const rows = await ours(oracle.ours, nullsCsv);
      expect(Object.keys(rows[0]!)).toEqual(theirs.names);
      expect(sorted(rows.map((row) => theirs.names.map((n) => normalise(row[n]))))).toEqual(expected);
      expect(expected.some((row) => row.includes(null))).toBe(true);
    });
  }
});

/** `units` (scale 4) divided by `n` at scale 10, half up, as text without trailing zeros. */
function exactAverage(units: bigint, n: bigint): string | null {
  const scaled = units * 1_000_000n;
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  let quotient = magnitude / n;
  if ((magnitude % n) * 2n >= n) quotient++;
  const digits = quotient.toString().padStart(11, '0');
  const text = `${negative ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`;
  return normalise(text);
}
