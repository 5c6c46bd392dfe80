/**
 * A 1BRC-style query (https://github.com/gunnarmorling/1brc): per-station MIN, AVG and MAX of
 * `station;temperature` lines, run three ways in the same process over the same file:
 *
 * - ours: `CREATE STREAM m (station STRING, temperature DECIMAL(3,1))` through the real file
 *   source (CSV, `;`, no header) and `SELECT station, MIN, AVG, MAX ... GROUP BY station EMIT
 *   FINAL`, as `ferris run` opens it (the job's sink replaced by a callback); opening the
 *   job is setup, the run (reading, parsing, aggregating) is timed;
 * - a hand-written Node aggregator streaming the file, in integer tenths;
 * - DuckDB (`@duckdb/node-api`, one thread) with `read_csv` over the file.
 *
 * The three run in interleaved rounds (each round runs each once), so that a change of machine
 * load hits them alike. Ours must equal the hand-written result exactly (MIN, MAX, and AVG at scale 7) and DuckDB's
 * with AVG rounded to one decimal HALF_UP. The file (10 M lines, about 130 MB) is generated
 * once into the temp directory.
 *
 * Run: `npm run build && node dist/bench/onebrc.bench.js [rows]` (default 10,000,000; pass
 * 1000000 for a quick run).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tmpdir } from 'node:os';
import { loadApp } from '../lib/runtime/app.js';
import { silentLogger } from '../lib/runtime/logger.js';
import { openJob, type RunnableJob } from '../lib/runtime/openJob.js';
import { Decimal, isDecimal } from '../lib/types/decimal.js';
import type { Row } from '../lib/types/value.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant } from './harness.js';
import { fileBytes, handAggregate, measurementsFile } from './onebrcKit.js';
import { checkRows } from './windowKit.js';

const ROWS = rowCountArgument(10_000_000);
const TARGET_RATE = 2_000_000;
/** Issue 11: 1BRC whole process ≥ 0.6× the hand-written Map aggregator. */
const TARGET_RATIO = 0.6;

/** Single quotes doubled for a SQL string literal. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function oursSql(file: string): string {
  return `CREATE STREAM m (station STRING, temperature DECIMAL(3,1)) WITH (
      'm.type' = 'file_source', 'm.path' = ${quoted(file)}, 'm.format' = 'csv', 'm.delimiter' = ';', 'm.has_headers' = 'false');
    SELECT station, MIN(temperature), AVG(temperature), MAX(temperature) FROM m GROUP BY station EMIT FINAL;`;
}

function duckSql(file: string): string {
  return `SELECT station, MIN(temperature), AVG(temperature), MAX(temperature)
    FROM read_csv(${quoted(file)}, delim = ';', header = false, columns = {'station': 'VARCHAR', 'temperature': 'DECIMAL(3,1)'})
    GROUP BY station`;
}

/** Opens our job over the file; its output rows are appended to `out`. */
async function openOurs(file: string, out: Row[]): Promise<RunnableJob> {
  const app = loadApp(oursSql(file), { file: undefined, variables: () => undefined });
  return openJob(app.jobs[0]!, {
    baseDir: tmpdir(),
    log: silentLogger,
    sink: () => ({
      write: async (batch) => {
        for (const row of batch) out.push(row);
      },
      flush: async () => undefined,
      close: async () => undefined,
    }),
  });
}

/** DuckDB's rows `[station, MIN, AVG, MAX]` (extremes as decimal text, the average a double). */
async function runDuck(connection: DuckDBConnection, file: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(duckSql(file))).getRowsJson();
}

function byStation(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0));
}

/**
 * Compares our rows with DuckDB's: station, MIN and MAX exactly, AVG rounded HALF_UP to one
 * decimal. DuckDB's AVG is a double; where the exact mean is a tie at the hundredths (x.x5)
 * the double may fall on either side, so there the means must agree within 1e-9 instead.
 */
function checkAgainstDuck(ours: readonly Row[], duck: readonly unknown[][]): string {
  const expected = [...duck].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  const actual = byStation(ours);
  if (actual.length !== expected.length) mismatch(`DuckDB: ${expected.length} stations, ours ${actual.length}`);
  let ties = 0;
  for (let i = 0; i < expected.length; i++) {
    const [station, min, average, max] = expected[i]!;
    const row = actual[i]!;
    const ourAverage = row[2] as Decimal;
    const same = (c: number, text: unknown): boolean => isDecimal(row[c]) && (row[c] as Decimal).equals(Decimal.parse(String(text)));
    if (row[0] !== station || !same(1, min) || !same(3, max)) mismatch(`DuckDB: row ${JSON.stringify(expected[i])}, ours ${row.map(String).join(', ')}`);
    const duckRounded = Decimal.fromNumber(average as number).rescale(1);
    if (ourAverage.rescale(1).equals(duckRounded)) continue;
    const tie = ourAverage.rescale(2).equals(ourAverage) && Math.abs(ourAverage.rescale(2).unscaled % 10) === 5;
    if (!tie || Math.abs(ourAverage.toNumber() - (average as number)) > 1e-9) {
      mismatch(`DuckDB: ${String(station)} AVG ${String(average)} rounds to ${duckRounded.toString()}, ours ${ourAverage.toString()}`);
    }
    ties++;
  }
  return `${expected.length} stations equal (AVG to 0.1 HALF_UP${ties > 0 ? `; ${ties} exact ties within 1e-9` : ''})`;
}

async function main(): Promise<void> {
  const file = measurementsFile(ROWS);
  console.log(`1BRC-style GROUP BY station over ${ROWS.toLocaleString('en-US')} lines (${(fileBytes(file) / 1e6).toFixed(0)} MB, ${file}); ${describeRuntime()}`);

  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  let handRows: Row[] = [];
  let duckRows: unknown[][] = [];
  let ourRows: Row[] = [];
  const [hand, duck, ours] = await measureInterleaved([
    variant(
      async () => void (handRows = await handAggregate(file)),
      () => undefined,
    ),
    variant(
      async () => void (duckRows = await runDuck(connection, file)),
      () => undefined,
    ),
    variant(
      (job: RunnableJob) => job.run(),
      () => {
        ourRows = [];
        return openOurs(file, ourRows);
      },
    ),
  ]);
  connection.closeSync();
  const handCheck = checkRows('hand-written aggregator', byStation(ourRows), byStation(handRows));
  const duckCheck = checkAgainstDuck(ourRows, duckRows);
  printTable('1BRC-style file aggregation (one process; DuckDB with one thread)', [
    { caseName: 'file source → GROUP BY station EMIT FINAL', rows: ROWS, ours: ours!, peerName: 'hand-written Node Map', peer: hand!, check: handCheck, minRate: TARGET_RATE, minRatio: TARGET_RATIO },
    { caseName: 'file source → GROUP BY station EMIT FINAL', rows: ROWS, ours: ours!, peerName: 'DuckDB read_csv (1 thread)', peer: duck!, check: duckCheck },
  ]);
}

await main();
