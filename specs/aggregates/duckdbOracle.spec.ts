import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../lib/types/decimal.js';
import { DOUBLE, INTEGER, STRING, TIMESTAMP, decimalType, type SqlType } from '../../lib/types/sqlType.js';
import { parseTimestamp } from '../../lib/types/time.js';
import type { Value } from '../../lib/types/value.js';
import { bindCall, feed, show, type Call } from './harness.js';

/*
 * Every aggregate the brief names, per group of a generated data set, against DuckDB running
 * the same aggregates on the same rows. Decimals, integers, strings and timestamps compare
 * exactly; doubles within a relative 1e-9. Where our value rules differ from DuckDB's on
 * purpose, DuckDB is asked for our rule: AVG(DECIMAL) is checked against DuckDB's exact SUM
 * divided by the count at scale s + 6 (DuckDB returns a DOUBLE) and against DuckDB's double
 * average; MEDIAN(DECIMAL) against DuckDB's median of the values cast to DECIMAL(38, s + 6).
 */

const ROWS = 6000;
const GROUPS = ['AAPL', 'MSFT', 'GOOG', 'IBM', 'NVDA', 'TSLA'];

interface DataRow {
  readonly id: number;
  readonly g: string;
  readonly price: Decimal | null; // DECIMAL(10,2)
  readonly qty: number | null; // INTEGER
  readonly big: number; // BIGINT near 2^50: sums go beyond 2^53
  readonly x: number | null; // DOUBLE
  readonly name: string | null;
  readonly ts: number; // TIMESTAMP (epoch ms)
}

/** A deterministic pseudo-random generator (LCG). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function makeRows(): DataRow[] {
  const next = generator(7);
  const rows: DataRow[] = [];
  for (let id = 0; id < ROWS; id++) {
    const g = GROUPS[Math.floor(next() * GROUPS.length)]!;
    // Prices between -1 and 0 now and then, otherwise up to 5000.00.
    const cents = next() < 0.1 ? -Math.floor(next() * 100) : Math.floor(next() * 500_000);
    const qty = Math.floor(next() * 2000) - 300;
    const x = Math.round((next() * 200 - 50 + qty * 0.03) * 1e6) / 1e6;
    rows.push({
      id,
      g,
      price: next() < 0.05 ? null : Decimal.fromUnscaled(cents, 2),
      qty: next() < 0.05 ? null : qty,
      big: 2 ** 50 + Math.floor(next() * 1e6),
      x: next() < 0.05 ? null : x,
      name: next() < 0.05 ? null : `n${Math.floor(next() * 500)}`,
      ts: Date.UTC(2024, 0, 1) + Math.floor(next() * 86_400_000),
    });
  }
  return rows;
}

/** One compared aggregate: our call and its columns, and DuckDB's expression. */
interface OracleCase {
  readonly label: string;
  readonly call: Call;
  readonly columns: readonly (keyof DataRow)[];
  readonly duck: string;
  readonly kind: 'exact' | 'double' | 'timestamp';
  /** Builds the expected value from DuckDB's answer when our rule differs on purpose. */
  readonly expected?: (duck: unknown) => string;
}

const PRICE: SqlType = decimalType(10, 2);

const cases: readonly OracleCase[] = [
  { label: 'COUNT(*)', call: { name: 'COUNT', types: [], star: true }, columns: [], duck: 'count(*)', kind: 'exact' },
  { label: 'COUNT(price)', call: { name: 'COUNT', types: [PRICE] }, columns: ['price'], duck: 'count(price)', kind: 'exact' },
  { label: 'COUNT(DISTINCT name)', call: { name: 'COUNT', types: [STRING], distinct: true }, columns: ['name'], duck: 'count(DISTINCT name)', kind: 'exact' },
  { label: 'SUM(price)', call: { name: 'SUM', types: [PRICE] }, columns: ['price'], duck: 'sum(price)', kind: 'exact' },
  { label: 'SUM(qty)', call: { name: 'SUM', types: [INTEGER] }, columns: ['qty'], duck: 'sum(qty)', kind: 'exact' },
  { label: 'SUM(big) beyond 2^53', call: { name: 'SUM', types: [INTEGER] }, columns: ['big'], duck: 'sum(big)', kind: 'exact' },
  { label: 'SUM(x)', call: { name: 'SUM', types: [DOUBLE] }, columns: ['x'], duck: 'sum(x)', kind: 'double' },
  {
    label: 'AVG(price) exactly',
    call: { name: 'AVG', types: [PRICE] },
    columns: ['price'],
    duck: "sum(price)::VARCHAR || '/' || count(price)",
    kind: 'exact',
    expected: (duck) => {
      const [sum, count] = String(duck).split('/');
      return show(Decimal.parse(sum!).divToScale(Decimal.fromInteger(Number(count)), 8));
    },
  },
  { label: 'AVG(price) as a double', call: { name: 'AVG', types: [PRICE] }, columns: ['price'], duck: 'avg(price)', kind: 'double' },
  { label: 'AVG(qty)', call: { name: 'AVG', types: [INTEGER] }, columns: ['qty'], duck: 'avg(qty)', kind: 'double' },
  { label: 'MIN(price)', call: { name: 'MIN', types: [PRICE] }, columns: ['price'], duck: 'min(price)', kind: 'exact' },
  { label: 'MAX(price)', call: { name: 'MAX', types: [PRICE] }, columns: ['price'], duck: 'max(price)', kind: 'exact' },
  { label: 'MIN(name)', call: { name: 'MIN', types: [STRING] }, columns: ['name'], duck: 'min(name)', kind: 'exact' },
  { label: 'MAX(ts)', call: { name: 'MAX', types: [TIMESTAMP] }, columns: ['ts'], duck: 'max(ts)', kind: 'timestamp' },
  { label: 'MEDIAN(qty)', call: { name: 'MEDIAN', types: [INTEGER] }, columns: ['qty'], duck: 'median(qty)', kind: 'double' },
  {
    label: 'MEDIAN(price) exactly',
    call: { name: 'MEDIAN', types: [PRICE] },
    columns: ['price'],
    duck: 'median(price::DECIMAL(38,8))',
    kind: 'exact',
  },
  {
    label: 'PERCENTILE_CONT(x, 0.3)',
    call: { name: 'PERCENTILE_CONT', types: [DOUBLE], parameters: [0.3] },
    columns: ['x'],
    duck: 'quantile_cont(x, 0.3)',
    kind: 'double',
  },
  {
    label: 'PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY price)',
    call: { name: 'PERCENTILE_CONT', types: [PRICE], parameters: [Decimal.parse('0.9')] },
    columns: ['price'],
    duck: 'percentile_cont(0.9) WITHIN GROUP (ORDER BY price::DOUBLE)',
    kind: 'double',
  },
  {
    label: 'PERCENTILE_DISC(price, 0.7)',
    call: { name: 'PERCENTILE_DISC', types: [PRICE], parameters: [0.7] },
    columns: ['price'],
    duck: 'quantile_disc(price, 0.7)',
    kind: 'exact',
  },
  {
    label: 'PERCENTILE_DISC(0.25) WITHIN GROUP (ORDER BY qty)',
    call: { name: 'PERCENTILE_DISC', types: [INTEGER], parameters: [0.25] },
    columns: ['qty'],
    duck: 'percentile_disc(0.25) WITHIN GROUP (ORDER BY qty)',
    kind: 'exact',
  },
  { label: 'STDDEV_SAMP(x)', call: { name: 'STDDEV_SAMP', types: [DOUBLE] }, columns: ['x'], duck: 'stddev_samp(x)', kind: 'double' },
  { label: 'VAR_POP(price)', call: { name: 'VAR_POP', types: [PRICE] }, columns: ['price'], duck: 'var_pop(price::DOUBLE)', kind: 'double' },
  { label: 'CORR(x, qty)', call: { name: 'CORR', types: [DOUBLE, INTEGER] }, columns: ['x', 'qty'], duck: 'corr(x, qty)', kind: 'double' },
  {
    label: 'COVAR_SAMP(x, price)',
    call: { name: 'COVAR_SAMP', types: [DOUBLE, PRICE] },
    columns: ['x', 'price'],
    duck: 'covar_samp(x, price::DOUBLE)',
    kind: 'double',
  },
  { label: 'REGR_SLOPE(x, qty)', call: { name: 'REGR_SLOPE', types: [DOUBLE, INTEGER] }, columns: ['x', 'qty'], duck: 'regr_slope(x, qty)', kind: 'double' },
  {
    label: 'REGR_INTERCEPT(x, qty)',
    call: { name: 'REGR_INTERCEPT', types: [DOUBLE, INTEGER] },
    columns: ['x', 'qty'],
    duck: 'regr_intercept(x, qty)',
    kind: 'double',
  },
  { label: 'REGR_R2(x, qty)', call: { name: 'REGR_R2', types: [DOUBLE, INTEGER] }, columns: ['x', 'qty'], duck: 'regr_r2(x, qty)', kind: 'double' },
  {
    label: 'STRING_AGG(name, \',\')',
    call: { name: 'STRING_AGG', types: [STRING], parameters: [','] },
    columns: ['name'],
    duck: "string_agg(name, ',' ORDER BY id)",
    kind: 'exact',
  },
];

const rows = makeRows();
let duck: DuckDBConnection;

/** A data value as a SQL literal for DuckDB. */
function literal(v: DataRow[keyof DataRow]): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  await duck.run('CREATE TABLE t (id INTEGER, g VARCHAR, price DECIMAL(10,2), qty INTEGER, big BIGINT, x DOUBLE, name VARCHAR, ts TIMESTAMP)');
  const values = rows.map(
    (r) =>
      `(${r.id}, '${r.g}', ${literal(r.price)}, ${literal(r.qty)}, ${r.big}, ${literal(r.x)}, ${literal(r.name)}, make_timestamp(${r.ts * 1000}))`,
  );
  await duck.run(`INSERT INTO t VALUES ${values.join(', ')}`);
});

afterAll(() => duck?.closeSync());

/** Our result per group for one case. */
function ours(oracle: OracleCase): Map<string, Value> {
  const bound = bindCall(oracle.call);
  const byGroup = new Map<string, Value[][]>();
  for (const r of rows) {
    const args = oracle.columns.map((c) => r[c]);
    const list = byGroup.get(r.g) ?? [];
    list.push(args);
    byGroup.set(r.g, list);
  }
  return new Map([...byGroup].map(([g, groupRows]) => [g, feed(bound.create(), groupRows).result()]));
}

/** Decimal or integer text without trailing fraction zeros. */
function normalNumber(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

describe('aggregates equal DuckDB on a generated data set (6 groups, 6000 rows)', () => {
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, oracle) => {
    const reader = await duck.runAndReadAll(`SELECT g, ${oracle.duck} AS v FROM t GROUP BY g ORDER BY g`);
    const theirs = reader.getRowObjectsJson();
    const mine = ours(oracle);
    expect(theirs.length).toBe(GROUPS.length);
    for (const row of theirs) {
      const g = String(row['g']);
      const expectedRaw = row['v'];
      const actual = mine.get(g)!;
      expect(expectedRaw, `${oracle.label} for ${g}`).not.toBeNull();
      if (oracle.kind === 'double') {
        const expected = Number(expectedRaw);
        // Decimal results (AVG, PERCENTILE_CONT of DECIMAL) are compared through their double.
        const value = actual instanceof Decimal ? actual.toNumber() : actual;
        expect(typeof value).toBe('number');
        expect(Math.abs((value as number) - expected), `${oracle.label} for ${g}: ${show(actual)} vs ${expected}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(expected)),
        );
      } else if (oracle.kind === 'timestamp') {
        expect(actual).toBe(parseTimestamp(String(expectedRaw)));
      } else if (oracle.expected !== undefined) {
        expect(show(actual)).toBe(oracle.expected(expectedRaw));
      } else {
        const text = actual instanceof Decimal ? normalNumber(actual.toString()) : String(actual);
        expect(text, `${oracle.label} for ${g}`).toBe(typeof expectedRaw === 'string' && /^-?\d/.test(expectedRaw) ? normalNumber(expectedRaw) : String(expectedRaw));
      }
    }
  });

  it('SUM(big) really went past 2^53 (the exact bigint path was taken)', () => {
    const sums = ours(cases.find((c) => c.label === 'SUM(big) beyond 2^53')!);
    for (const v of sums.values()) expect(typeof v).toBe('bigint');
  });
});
