import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindBinaryOperator } from '../../lib/functions/operators.js';
import type { BoundExpr } from '../../lib/plan/boundExpr.js';
import { compileExpr, compilePredicate } from '../../lib/plan/compileExpr.js';
import { Decimal } from '../../lib/types/decimal.js';
import { BOOLEAN, INTEGER, NULL_TYPE, STRING, decimalType, type SqlType } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';

/*
 * The specialised closures of compileExpr (a comparison with a constant, IN over constants,
 * AND/OR chains, WHERE conditions) against the generic evaluation they replace: the bound
 * `=`/`<` kernels called value by value, and three-valued logic written out.
 */

const RUNS = { numRuns: 3000 };
const OPS = ['=', '<>', '<', '<=', '>', '>='] as const;
type Op = (typeof OPS)[number];

const column = (index: number, type: SqlType): BoundExpr => ({ kind: 'column', index, type, text: `c${index}` });
const literal = (value: Value, type: SqlType): BoundExpr => ({ kind: 'literal', value, type, text: String(value) });

/** `left op right` bound as the binder does. */
function comparison(op: Op, left: BoundExpr, right: BoundExpr): BoundExpr {
  const kernel = bindBinaryOperator(op, left.type, right.type);
  return { kind: 'binary', op, kernel, left, right, type: kernel.returnType, text: `${left.text} ${op} ${right.text}` };
}

/** Decimals around a constant: the scale of the column mostly, other scales and bigint-sized ones too. */
const decimalArb: fc.Arbitrary<Decimal> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -2_000_000, max: 2_000_000 }).map((u) => Decimal.fromUnscaled(u, 4)) },
  { weight: 2, arbitrary: fc.record({ u: fc.integer({ min: -300_000, max: 300_000 }), s: fc.integer({ min: 0, max: 8 }) }).map(({ u, s }) => Decimal.fromUnscaled(u, s)) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((u) => Decimal.fromUnscaled(u, 4)) },
);

/** Numeric constants: integers, decimals of several scales (some inexact at scale 4), a bigint. */
const constantArb: fc.Arbitrary<{ value: Value; type: SqlType }> = fc.oneof(
  fc.integer({ min: -250, max: 250 }).map((v) => ({ value: v, type: INTEGER })),
  fc.record({ u: fc.integer({ min: -3_000_000, max: 3_000_000 }), s: fc.integer({ min: 0, max: 7 }) }).map(({ u, s }) => {
    const d = Decimal.fromUnscaled(u, s);
    return { value: d, type: decimalType(Math.max(d.precision, s, 1), s) };
  }),
  fc.constant({ value: 10n ** 20n, type: INTEGER }),
);

describe('a comparison with a constant', () => {
  /** Values equal to the constant (at the column's scale and at others), one unit off, or anything. */
  const nearArb = (c: Value): fc.Arbitrary<Decimal | null> => {
    const d = typeof c === 'number' || typeof c === 'bigint' ? Decimal.fromInteger(c) : (c as Decimal);
    const at = (scale: number, delta: number): Decimal => d.rescale(scale).add(Decimal.fromUnscaled(delta, scale));
    return fc.oneof(
      fc.record({ scale: fc.constantFrom(4, 4, 4, 2, 6), delta: fc.integer({ min: -1, max: 1 }) }).map(({ scale, delta }) => at(scale, delta)),
      decimalArb,
      fc.constant(null),
    );
  };

  it('DECIMAL column against a numeric constant, either side, equals the bound kernel', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPS),
        constantArb.chain((c) => fc.record({ c: fc.constant(c), v: nearArb(c.value) })),
        fc.boolean(),
        (op, { c, v }, constantFirst) => {
          const col = column(0, decimalType(18, 4));
          const lit = literal(c.value, c.type);
          const expr = constantFirst ? comparison(op, lit, col) : comparison(op, col, lit);
          const kernel = bindBinaryOperator(op, constantFirst ? c.type : col.type, constantFirst ? col.type : c.type);
          const expected = constantFirst ? kernel.call(c.value, v) : kernel.call(v, c.value);
          expect(compileExpr(expr)([v])).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it('INTEGER column (number or bigint) against an INTEGER constant equals the bound kernel', () => {
    const valueArb = fc.oneof(fc.integer({ min: -4, max: 4 }), fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).filter((b) => b > 2n ** 53n || b < -(2n ** 53n)));
    fc.assert(
      fc.property(fc.constantFrom(...OPS), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.option(valueArb, { freq: 10 }), (op, c, constantFirst, v) => {
        const col = column(0, INTEGER);
        const lit = literal(c, INTEGER);
        const expr = constantFirst ? comparison(op, lit, col) : comparison(op, col, lit);
        const kernel = bindBinaryOperator(op, INTEGER, INTEGER);
        expect(compileExpr(expr)([v])).toBe(constantFirst ? kernel.call(c, v) : kernel.call(v, c));
      }),
      RUNS,
    );
  });

  it('STRING column against a string constant equals the bound kernel', () => {
    const words = fc.constantFrom('BUY', 'SELL', 'buy', '', 'BUYS', '\u0000BUY');
    fc.assert(
      fc.property(fc.constantFrom(...OPS), words, fc.option(words, { freq: 8 }), (op, c, v) => {
        const expr = comparison(op, column(0, STRING), literal(c, STRING));
        expect(compileExpr(expr)([v])).toBe(bindBinaryOperator(op, STRING, STRING).call(v, c));
      }),
      RUNS,
    );
  });
});

describe('IN over constants', () => {
  /** `operand [NOT] IN (items)` bound as the binder does. */
  function inList(operand: BoundExpr, items: readonly BoundExpr[], negated: boolean): BoundExpr {
    return {
      kind: 'in_list',
      negated,
      operand,
      items: items.map((expr) => ({ expr, equals: bindBinaryOperator('=', operand.type, expr.type) })),
      type: BOOLEAN,
      text: 'in',
    };
  }

  /** The item-by-item evaluation: TRUE on a match, else NULL if anything was NULL, else FALSE (negated for NOT IN). */
  function reference(v: Value, items: readonly Value[], negated: boolean): Value {
    if (v === null) return null;
    if (items.some((item) => item !== null && item == v)) return !negated;
    return items.includes(null) ? null : negated;
  }

  // Lists of up to 14 items: short ones are scanned, longer ones (more than 8 distinct constants) use a Set.
  it('a STRING operand against string constants (and NULL items)', () => {
    const words = fc.constantFrom('AAPL', 'MSFT', 'NVDA', 'aapl', '', 'GOOG', 'AMZN', 'META', 'TSLA', 'IBM', 'ORCL', 'INTC', 'AMD', 'QCOM');
    fc.assert(
      fc.property(fc.array(fc.option(words, { freq: 6 }), { minLength: 1, maxLength: 14 }), fc.option(words, { freq: 8 }), fc.boolean(), (items, v, negated) => {
        const expr = inList(column(0, STRING), items.map((i) => literal(i, i === null ? NULL_TYPE : STRING)), negated);
        expect(compileExpr(expr)([v])).toBe(reference(v, items, negated));
      }),
      RUNS,
    );
  });

  it('an INTEGER operand (number or bigint) against integer constants', () => {
    const valueArb = fc.oneof(fc.integer({ min: -8, max: 8 }), fc.constant(2n ** 60n));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -8, max: 8 }), fc.constant(2n ** 60n)), { minLength: 1, maxLength: 14 }), fc.option(valueArb, { freq: 8 }), fc.boolean(), (items, v, negated) => {
        const expr = inList(column(0, INTEGER), items.map((i) => literal(i, INTEGER)), negated);
        expect(compileExpr(expr)([v])).toBe(reference(v, items, negated));
      }),
      RUNS,
    );
  });
});

describe('AND and OR chains', () => {
  /** Three-valued AND/OR of two values, as SQL defines them. */
  const and3 = (a: Value, b: Value): Value => (a === false || b === false ? false : a === null || b === null ? null : true);
  const or3 = (a: Value, b: Value): Value => (a === true || b === true ? true : a === null || b === null ? null : false);

  /** A random tree of AND/OR over BOOLEAN columns 0..3, with its reference evaluation. */
  type Tree = { expr: BoundExpr; evaluate: (row: readonly Value[]) => Value };
  const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: 0, max: 3 }).map((i): Tree => ({ expr: column(i, BOOLEAN), evaluate: (row) => row[i]! })),
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('tree'), right: tie('tree') }).map(({ kind, left, right }): Tree => ({
        expr: { kind, left: left.expr, right: right.expr, type: BOOLEAN, text: kind },
        evaluate: (row) => (kind === 'and' ? and3 : or3)(left.evaluate(row), right.evaluate(row)),
      })),
    ),
  })).tree;
  const rowArb = fc.array(fc.constantFrom<Value>(true, false, null), { minLength: 4, maxLength: 4 });

  it('evaluate with three-valued logic, and a WHERE keeps exactly the TRUE rows', () => {
    fc.assert(
      fc.property(treeArb, rowArb, (tree, row) => {
        const expected = tree.evaluate(row);
        expect(compileExpr(tree.expr)(row)).toBe(expected);
        expect(compilePredicate(tree.expr)(row)).toBe(expected === true);
      }),
      RUNS,
    );
  });
});
