import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupAccumulator } from '../../operators/aggregation/grouping.js';
import { lookupAggregate } from '../../lib/aggregates/registry.js';
import { bindBinaryOperator } from '../../lib/functions/operators.js';
import type { BoundExpr } from '../../lib/plan/boundExpr.js';
import { compileGrouping } from '../../lib/plan/compileGrouping.js';
import { Decimal } from '../../lib/types/decimal.js';
import { INTEGER, decimalType, type SqlType } from '../../lib/types/sqlType.js';
import type { Row, Value } from '../../lib/types/value.js';

/*
 * SUM and AVG of a DECIMAL column, or of DECIMAL × INTEGER, add unscaled integers without a
 * decimal per row; rows off that path (NULLs, bigint-sized decimals, other scales, products
 * beyond 2^53, bigint integers) take the ordinary path. Either way the result must be the one
 * of decimal arithmetic: the product by the bound `*` kernel, summed exactly.
 */

const PRICE = decimalType(18, 4);
const column = (index: number, type: SqlType): BoundExpr => ({ kind: 'column', index, type, text: `c${index}` });
const price = column(0, PRICE);
const quantity = column(1, INTEGER);
const times = bindBinaryOperator('*', PRICE, INTEGER);
const product: BoundExpr = { kind: 'binary', op: '*', kernel: times, left: price, right: quantity, type: times.returnType, text: 'c0 * c1' };
const flipped: BoundExpr = { ...product, left: quantity, right: price, kernel: bindBinaryOperator('*', INTEGER, PRICE), text: 'c1 * c0' };

/** Prices mostly at scale 4 and small, some at other scales or beyond 2^53; quantities mostly small numbers. */
const priceArb: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -5_000_000, max: 5_000_000 }).map((u) => Decimal.fromUnscaled(u, 4)) },
  { weight: 1, arbitrary: fc.integer({ min: -50_000, max: 50_000 }).map((u) => Decimal.fromUnscaled(u, 2)) },
  { weight: 1, arbitrary: fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n }).map((u) => Decimal.fromUnscaled(u, 4)) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const quantityArb: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 40, -(2 ** 45)) },
  { weight: 1, arbitrary: fc.constant(2n ** 54n) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const rowsArb = fc.array(fc.tuple(priceArb, quantityArb), { maxLength: 40 });

/** The aggregate `name(arg)` over `rows`, through the grouping the operators use. */
function aggregate(name: string, arg: BoundExpr, rows: readonly Row[]): Value {
  const bound = lookupAggregate(name)!.bind([arg.type], [], { distinct: false, star: false });
  const grouping = compileGrouping([], [{ name, bound, args: [arg], text: name }]);
  const accumulator = new GroupAccumulator(grouping);
  const groups = new Map();
  for (const row of rows) accumulator.add(groups, row);
  const group = groups.get(0);
  return group === undefined ? bound.create().result() : group.accumulators[0]!.result();
}

/** SUM and AVG by decimal arithmetic: the values of `evaluate`, NULLs skipped, the total at `scale`. */
function reference(rows: readonly Row[], evaluate: (row: Row) => Value, scale: number): { sum: string | null; avg: string | null } {
  let total = Decimal.fromUnscaled(0, scale);
  let count = 0;
  for (const row of rows) {
    const v = evaluate(row);
    if (v === null) continue;
    total = total.add((v as Decimal).rescale(scale));
    count++;
  }
  if (count === 0) return { sum: null, avg: null };
  return { sum: total.toString(), avg: outcome(() => total.divToScale(Decimal.fromInteger(count), scale + 6)) };
}

/** A result as text, or the code of the error computing it raised (an AVG beyond 38 digits overflows). */
function outcome(compute: () => Value): string | null {
  try {
    const v = compute();
    return v === null ? null : (v as Decimal).toString();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('SUM and AVG on unscaled integers', () => {
  it('of a DECIMAL column equal decimal arithmetic', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const expected = reference(rows, (row) => row[0]!, 4);
        expect(outcome(() => aggregate('SUM', price, rows))).toBe(expected.sum);
        expect(outcome(() => aggregate('AVG', price, rows))).toBe(expected.avg);
      }),
      { numRuns: 1000 },
    );
  });

  it('of DECIMAL × INTEGER, either order, equal the bound product summed exactly', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const expected = reference(rows, (row) => times.call(row[0]!, row[1]!), 4);
        for (const arg of [product, flipped]) {
          expect(outcome(() => aggregate('SUM', arg, rows))).toBe(expected.sum);
          expect(outcome(() => aggregate('AVG', arg, rows))).toBe(expected.avg);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

/** MIN and MAX by decimal comparison: the first of the smallest (largest) values of `evaluate`, NULLs skipped, as text. */
function extremes(rows: readonly Row[], evaluate: (row: Row) => Value): { min: string | null; max: string | null } {
  let min: Decimal | null = null;
  let max: Decimal | null = null;
  for (const row of rows) {
    const v = evaluate(row) as Decimal | null;
    if (v === null) continue;
    if (min === null || v.compare(min) < 0) min = v;
    if (max === null || v.compare(max) > 0) max = v;
  }
  return { min: min?.toString() ?? null, max: max?.toString() ?? null };
}

describe('MIN and MAX on unscaled integers', () => {
  it('of a DECIMAL column, or of DECIMAL × INTEGER, equal decimal comparison (value and scale)', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const ofPrice = extremes(rows, (row) => row[0]!);
        expect(outcome(() => aggregate('MIN', price, rows))).toBe(ofPrice.min);
        expect(outcome(() => aggregate('MAX', price, rows))).toBe(ofPrice.max);
        const ofProduct = extremes(rows, (row) => times.call(row[0]!, row[1]!));
        for (const arg of [product, flipped]) {
          expect(outcome(() => aggregate('MIN', arg, rows))).toBe(ofProduct.min);
          expect(outcome(() => aggregate('MAX', arg, rows))).toBe(ofProduct.max);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('aggregates of one grouping sharing their unscaled argument', () => {
  /** The results of `names` over `rows`, all of `arg`, in one grouping (one row step), each as text or error code. */
  function together(names: readonly string[], rows: readonly Row[]): (string | null)[] {
    const calls = names.map((name) => ({ name, bound: lookupAggregate(name)!.bind([price.type], [], { distinct: false, star: false }), args: [price], text: name }));
    const grouping = compileGrouping([], calls);
    expect(new Set(grouping.aggregates.map((a) => a.unscaled)).size).toBe(1);
    const accumulator = new GroupAccumulator(grouping);
    const groups = new Map();
    for (const row of rows) accumulator.add(groups, row);
    const group = groups.get(0);
    return calls.map((call, i) => outcome(() => (group === undefined ? call.bound.create().result() : group.accumulators[i]!.result())));
  }

  it('MIN, AVG, MAX and SUM of one DECIMAL column read it once per row and equal decimal arithmetic', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const { sum, avg } = reference(rows, (row) => row[0]!, 4);
        const { min, max } = extremes(rows, (row) => row[0]!);
        expect(together(['MIN', 'AVG', 'MAX'], rows)).toEqual([min, avg, max]);
        expect(together(['SUM', 'MAX'], rows)).toEqual([sum, max]);
        expect(together(['MIN', 'SUM', 'AVG', 'MAX', 'SUM'], rows)).toEqual([min, sum, avg, max, sum]);
      }),
      { numRuns: 500 },
    );
  });
});
