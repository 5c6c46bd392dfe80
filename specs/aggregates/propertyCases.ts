import fc from 'fast-check';
import { Decimal } from '../../lib/types/decimal.js';
import { ANY, DOUBLE, INTEGER, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';
import { show, T, type Call } from './harness.js';

/*
 * The aggregate calls the property specs (merge equivalence, snapshot and restore) run, each
 * with a generator of argument rows; together they cover every registered aggregate.
 */

export type Row = readonly Value[];

const integer = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2n ** 70n, -(2n ** 64n)),
);
const nullable = <V extends Value>(arb: fc.Arbitrary<V>): fc.Arbitrary<V | null> =>
  fc.option(arb, { freq: 5, nil: null });
const decimal2 = fc
  .oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }))
  .map((u) => Decimal.fromUnscaled(u, 2));
const smallDecimal1 = fc.integer({ min: -999, max: 999 }).map((u) => Decimal.fromUnscaled(u, 1));
const double = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const text = fc.string({ maxLength: 4 });
/**
 * Well-conditioned doubles for the statistics (quarters in [-100, 100]): with arbitrary
 * doubles, underflow (1e-162² = 0) and cancellation between nearly equal values make any two
 * summation orders differ by more than a fixed tolerance, merged or not.
 */
const quarter = fc.integer({ min: -400, max: 400 }).map((i) => i / 4);

/** A case: a call, a generator of one row of arguments, and how results compare. */
export interface MergeCase {
  readonly call: Call;
  readonly row: fc.Arbitrary<Row>;
  /** Relative tolerance for DOUBLE results; exact comparison when absent. */
  readonly tolerance?: number;
}

const one = <V extends Value>(arb: fc.Arbitrary<V>): fc.Arbitrary<Row> => nullable(arb).map((v) => [v]);
const two = (a: fc.Arbitrary<Value>, b: fc.Arbitrary<Value>): fc.Arbitrary<Row> =>
  fc.tuple(nullable(a), nullable(b)).map(([x, y]) => [x, y]);

export const cases: readonly MergeCase[] = [
  { call: { name: 'COUNT', types: [], star: true }, row: fc.constant([]) },
  { call: { name: 'COUNT', types: [INTEGER] }, row: one(integer) },
  { call: { name: 'COUNT', types: [INTEGER], distinct: true }, row: one(fc.integer({ min: 0, max: 20 })) },
  { call: { name: 'SUM', types: [INTEGER] }, row: one(integer) },
  { call: { name: 'SUM', types: [T.dec(38, 2)] }, row: one(decimal2) },
  { call: { name: 'SUM', types: [T.dec(4, 1)], distinct: true }, row: one(smallDecimal1) },
  { call: { name: 'SUM', types: [DOUBLE] }, row: one(double), tolerance: 1e-9 },
  { call: { name: 'AVG', types: [INTEGER] }, row: one(integer), tolerance: 1e-12 },
  { call: { name: 'AVG', types: [T.dec(38, 2)] }, row: one(decimal2) },
  { call: { name: 'AVG', types: [DOUBLE] }, row: one(double), tolerance: 1e-9 },
  { call: { name: 'MIN', types: [T.dec(38, 2)] }, row: one(decimal2) },
  { call: { name: 'MAX', types: [INTEGER] }, row: one(integer) },
  { call: { name: 'MIN', types: [STRING] }, row: one(text) },
  { call: { name: 'MAX', types: [TIMESTAMP] }, row: one(fc.integer({ min: 0, max: 2e12 })) },
  { call: { name: 'DELTA', types: [T.dec(38, 2)] }, row: one(decimal2) },
  { call: { name: 'FIRST_VALUE', types: [INTEGER] }, row: one(integer) },
  { call: { name: 'LAST_VALUE', types: [STRING] }, row: one(text) },
  { call: { name: 'STRING_AGG', types: [STRING], parameters: [','] }, row: one(text) },
  { call: { name: 'STRING_AGG', types: [STRING], parameters: ['; '], distinct: true }, row: one(fc.constantFrom('a', 'b', 'c', '')) },
  { call: { name: 'MEDIAN', types: [INTEGER] }, row: one(fc.integer({ min: -50, max: 50 })) },
  { call: { name: 'MEDIAN', types: [T.dec(4, 1)] }, row: one(smallDecimal1) },
  { call: { name: 'PERCENTILE_CONT', types: [T.dec(38, 2)], parameters: [0.37] }, row: one(decimal2) },
  { call: { name: 'PERCENTILE_CONT', types: [DOUBLE], parameters: [0.9] }, row: one(double) },
  { call: { name: 'PERCENTILE_DISC', types: [STRING], parameters: [0.25] }, row: one(text) },
  { call: { name: 'VAR_SAMP', types: [DOUBLE] }, row: one(quarter), tolerance: 1e-9 },
  { call: { name: 'STDDEV_POP', types: [T.dec(4, 1)] }, row: one(smallDecimal1), tolerance: 1e-9 },
  { call: { name: 'CORR', types: [DOUBLE, INTEGER] }, row: two(quarter, fc.integer({ min: -100, max: 100 })), tolerance: 1e-6 },
  { call: { name: 'COVAR_SAMP', types: [DOUBLE, DOUBLE] }, row: two(quarter, quarter), tolerance: 1e-6 },
  { call: { name: 'REGR_SLOPE', types: [INTEGER, DOUBLE] }, row: two(fc.integer({ min: -100, max: 100 }), quarter), tolerance: 1e-6 },
  { call: { name: 'REGR_INTERCEPT', types: [T.dec(4, 1), T.dec(4, 1)] }, row: two(smallDecimal1, smallDecimal1), tolerance: 1e-6 },
  { call: { name: 'REGR_R2', types: [DOUBLE, DOUBLE] }, row: two(quarter, quarter), tolerance: 1e-6 },
  { call: { name: 'APPROX_COUNT_DISTINCT', types: [INTEGER] }, row: one(fc.integer({ min: 0, max: 3000 })) },
  { call: { name: 'COUNT_DISTINCT', types: [STRING] }, row: one(fc.constantFrom('a', 'b', 'c')) },
  { call: { name: 'MEDIAN', types: [DOUBLE] }, row: one(double), tolerance: 1e-12 },
  { call: { name: 'PERCENTILE_DISC', types: [T.dec(38, 2)], parameters: [0.5] }, row: one(decimal2) },
  { call: { name: 'STDDEV_SAMP', types: [INTEGER] }, row: one(fc.integer({ min: -100, max: 100 })), tolerance: 1e-9 },
  { call: { name: 'VAR_POP', types: [DOUBLE] }, row: one(quarter), tolerance: 1e-9 },
  { call: { name: 'COVAR_POP', types: [INTEGER, T.dec(4, 1)] }, row: two(fc.integer({ min: -100, max: 100 }), smallDecimal1), tolerance: 1e-6 },
  { call: { name: 'SUM', types: [ANY] }, row: one(fc.oneof(integer, decimal2)) },
  { call: { name: 'AVG', types: [ANY] }, row: one(fc.oneof(fc.integer({ min: -100, max: 100 }), quarter, smallDecimal1)), tolerance: 1e-9 },
  { call: { name: 'MAX', types: [ANY] }, row: one(fc.oneof(integer, decimal2, double)) },
];

/** Whether two results agree: exactly, or within a relative tolerance for doubles. */
export function agree(a: Value, b: Value, tolerance: number | undefined): boolean {
  if (tolerance === undefined || typeof a !== 'number' || typeof b !== 'number') return show(a) === show(b);
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}


/** A readable test name for a call. */
export function describeCall(call: Call): string {
  const args = call.star ? '*' : call.types.map((t) => t.kind).join(', ');
  const params = (call.parameters ?? []).map((p) => JSON.stringify(p)).join(', ');
  return `${call.name}(${call.distinct ? 'DISTINCT ' : ''}${args}${params ? `; ${params}` : ''})`;
}
