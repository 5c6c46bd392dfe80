import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileBatchLoop } from '../../operators/batchLoop.js';
import { bindBinaryOperator } from '../../lib/functions/operators.js';
import type { BoundExpr } from '../../lib/plan/boundExpr.js';
import { compileExpr, compilePredicate } from '../../lib/plan/compileExpr.js';
import { filterTests, projectionOutputs } from '../../lib/plan/rowKernels.js';
import { Decimal, isDecimal } from '../../lib/types/decimal.js';
import { BOOLEAN, INTEGER, NULL_TYPE, STRING, decimalType, type SqlType } from '../../lib/types/sqlType.js';
import type { Row, Value } from '../../lib/types/value.js';

/*
 * The generated batch loops (operators/batchLoop.ts) over the row tests and outputs of
 * lib/plan/rowKernels.ts, against the generic path they replace: a WHERE compiled by
 * compilePredicate (closures, three-valued logic), a select list compiled by compileExpr.
 * Random conjunctions of the forms read in place (a column against a constant, IN over
 * strings) and of forms that stay closures (an OR, two columns compared, IN with a NULL item
 * or over many strings), over random rows full of NULLs.
 */

const RUNS = { numRuns: 1000 };
const OPS = ['=', '<>', '<', '<=', '>', '>='] as const;

// The row: price DECIMAL(18,4), quantity INTEGER, side STRING, symbol STRING, flag BOOLEAN, other INTEGER.
const PRICE = 0;
const QUANTITY = 1;
const SIDE = 2;
const SYMBOL = 3;
const FLAG = 4;
const OTHER = 5;
const PRICE_TYPE = decimalType(18, 4);
const TYPES: readonly SqlType[] = [PRICE_TYPE, INTEGER, STRING, STRING, BOOLEAN, INTEGER];

const column = (index: number): BoundExpr => ({ kind: 'column', index, type: TYPES[index]!, text: `c${index}` });
const literal = (value: Value, type: SqlType): BoundExpr => ({ kind: 'literal', value, type, text: String(value) });

function binary(op: string, left: BoundExpr, right: BoundExpr): BoundExpr {
  const kernel = bindBinaryOperator(op as (typeof OPS)[number], left.type, right.type);
  return { kind: 'binary', op, kernel, left, right, type: kernel.returnType, text: `${left.text} ${op} ${right.text}` };
}

/** `c op k` or `k op c` (the constant on either side). */
const compared = (op: string, c: BoundExpr, k: BoundExpr, constantFirst: boolean): BoundExpr => (constantFirst ? binary(op, k, c) : binary(op, c, k));

function inList(operand: BoundExpr, items: readonly BoundExpr[], negated: boolean): BoundExpr {
  return { kind: 'in_list', negated, operand, items: items.map((expr) => ({ expr, equals: bindBinaryOperator('=', operand.type, expr.type) })), type: BOOLEAN, text: 'in' };
}

const WORDS = ['AAPL', 'MSFT', 'NVDA', 'aapl', '', 'GOOG', 'AMZN', 'META', 'TSLA', 'IBM', 'BUY', 'SELL'] as const;
const wordArb = fc.constantFrom(...WORDS);

/** Integers that price constants are made of, and prices one unit (at scale 4) around them. */
const NEAR = [-1, 0, 1, 99, 100, 101] as const;
const priceArb: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...NEAR), fc.integer({ min: -1, max: 1 })).map(([k, d]) => Decimal.fromUnscaled(k * 10_000 + d, 4)) },
  { weight: 6, arbitrary: fc.integer({ min: -2_000_000, max: 2_000_000 }).map((u) => Decimal.fromUnscaled(u, 4)) },
  { weight: 2, arbitrary: fc.record({ u: fc.integer({ min: -30_000, max: 30_000 }), s: fc.integer({ min: 0, max: 6 }) }).map(({ u, s }) => Decimal.fromUnscaled(u, s)) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((u) => Decimal.fromUnscaled(u, 4)) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const integerArb: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 1, arbitrary: fc.constant(2n ** 60n) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const rowArb: fc.Arbitrary<Row> = fc.tuple(
  priceArb,
  integerArb,
  fc.option(wordArb, { freq: 4 }),
  fc.option(wordArb, { freq: 4 }),
  fc.option(fc.boolean(), { freq: 4 }),
  integerArb,
);

/** A numeric constant for the DECIMAL column: integers, decimals of several scales (some inexact at scale 4). */
const priceConstantArb: fc.Arbitrary<BoundExpr> = fc.oneof(
  fc.constantFrom(...NEAR).map((v) => literal(v, INTEGER)),
  fc.constantFrom(...NEAR).map((v) => literal(Decimal.fromUnscaled(v * 100, 2), decimalType(5, 2))),
  fc.integer({ min: -200, max: 200 }).map((v) => literal(v, INTEGER)),
  fc.record({ u: fc.integer({ min: -3_000_000, max: 3_000_000 }), s: fc.integer({ min: 0, max: 6 }) }).map(({ u, s }) => {
    const d = Decimal.fromUnscaled(u, s);
    return literal(d, decimalType(Math.max(d.precision, s, 1), s));
  }),
);

/** One conjunct, of a form read in place or of one that stays a closure. */
const conjunctArb: fc.Arbitrary<BoundExpr> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...OPS), priceConstantArb, fc.boolean()).map(([op, k, first]) => compared(op, column(PRICE), k, first)) },
  fc.tuple(fc.constantFrom(...OPS), fc.constantFrom(QUANTITY, OTHER), fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constant(2n ** 60n)), fc.boolean()).map(([op, c, k, first]) =>
    compared(op, column(c), literal(k, INTEGER), first),
  ),
  fc.tuple(fc.constantFrom(...OPS), fc.boolean(), fc.boolean()).map(([op, k, first]) => compared(op, column(FLAG), literal(k, BOOLEAN), first)),
  fc.tuple(fc.constantFrom(...OPS), wordArb, fc.boolean()).map(([op, k, first]) => compared(op, column(SIDE), literal(k, STRING), first)),
  fc.tuple(fc.array(fc.option(wordArb, { freq: 8 }), { minLength: 1, maxLength: 11 }), fc.boolean()).map(([items, negated]) =>
    inList(column(SYMBOL), items.map((i) => literal(i, i === null ? NULL_TYPE : STRING)), negated),
  ),
  fc.constantFrom(...OPS).map((op) => binary(op, column(QUANTITY), column(OTHER))),
  fc.tuple(fc.integer({ min: -3, max: 3 }), wordArb).map(([k, w]): BoundExpr => ({
    kind: 'or',
    left: binary('>', column(QUANTITY), literal(k, INTEGER)),
    right: binary('=', column(SIDE), literal(w, STRING)),
    type: BOOLEAN,
    text: 'or',
  })),
);

/** An AND tree over the conjuncts (nested either way, as the parser and rewrites may leave it). */
function andTree(conjuncts: readonly BoundExpr[], rightDeep: boolean): BoundExpr {
  const and = (left: BoundExpr, right: BoundExpr): BoundExpr => ({ kind: 'and', left, right, type: BOOLEAN, text: 'and' });
  return rightDeep ? conjuncts.reduceRight((acc, c) => and(c, acc)) : conjuncts.reduce((acc, c) => and(acc, c));
}

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (isDecimal(a) && isDecimal(b)) return a.scale === b.scale && a.equals(b);
  return a === b;
}

describe('generated batch loops against the generic path', () => {
  it('a WHERE of random conjuncts keeps exactly the rows compilePredicate keeps (NULLs included)', () => {
    fc.assert(
      fc.property(fc.array(conjunctArb, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.array(rowArb, { minLength: 10, maxLength: 50 }), (conjuncts, rightDeep, rows) => {
        const condition = andTree(conjuncts, rightDeep);
        const expected = rows.filter(compilePredicate(condition));
        const loop = compileBatchLoop({ filter: filterTests(condition) });
        expect(loop([...rows])).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('a filter with a projection gives each kept row the values compileExpr gives', () => {
    const outputs: readonly BoundExpr[] = [
      column(SYMBOL),
      binary('*', column(PRICE), column(QUANTITY)),
      binary('+', column(QUANTITY), column(OTHER)),
      compared('>', column(PRICE), literal(100, INTEGER), false),
      binary('*', binary('+', column(QUANTITY), literal(1, INTEGER)), column(PRICE)),
    ];
    fc.assert(
      fc.property(fc.array(conjunctArb, { minLength: 1, maxLength: 3 }), fc.array(rowArb, { minLength: 10, maxLength: 30 }), (conjuncts, rows) => {
        const condition = andTree(conjuncts, false);
        const compiled = outputs.map(compileExpr);
        // A product beyond DECIMAL(38) throws: that row goes to onRowError and is left out.
        const expected: Row[] = [];
        const expectedErrors: Row[] = [];
        for (const row of rows.filter(compilePredicate(condition))) {
          try {
            expected.push(compiled.map((f) => f(row)));
          } catch {
            expectedErrors.push(row);
          }
        }
        const errors: Row[] = [];
        const loop = compileBatchLoop({ filter: filterTests(condition), project: projectionOutputs(outputs), onRowError: (row) => errors.push(row) });
        const actual = loop([...rows]);
        expect(errors).toEqual(expectedErrors);
        expect(actual.length).toBe(expected.length);
        actual.forEach((row, i) => expect(row.every((v, c) => sameValue(v, expected[i]![c]))).toBe(true));
      }),
      RUNS,
    );
  });
});
