import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoundExpr } from '../../lib/plan/boundExpr.js';
import { compileSort } from '../../lib/plan/compileSort.js';
import { compareValues } from '../../lib/types/compare.js';
import { Decimal } from '../../lib/types/decimal.js';
import { decimalType, INTEGER, STRING, TIMESTAMP, type SqlType } from '../../lib/types/sqlType.js';
import type { Row, Value } from '../../lib/types/value.js';

/** A column reference of `type` at index 0, as the binder makes it. */
function column(type: SqlType): BoundExpr {
  return { kind: 'column', index: 0, type, text: 'x' } as BoundExpr;
}

/** The reference: the generic value order (NULLs last ascending, as the key says). */
function reference(descending: boolean): (a: Row, b: Row) => number {
  return (a, b) => {
    const [x, y] = [a[0]!, b[0]!];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return compareValues(x, y) * (descending ? -1 : 1);
  };
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('compileSort: the order chosen by the key type agrees with the generic value order', () => {
  const kinds: [string, SqlType, fc.Arbitrary<Value>][] = [
    ['INTEGER (numbers and bigints)', INTEGER, fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.maxSafeInteger())],
    ['TIMESTAMP', TIMESTAMP, fc.integer({ min: -1e12, max: 1e13 })],
    ['DECIMAL', decimalType(38, 4), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((u) => Decimal.fromUnscaled(u, 4))],
    ['STRING', STRING, fc.string({ unit: 'grapheme' })],
  ];
  for (const [name, type, values] of kinds) {
    it(name, () => {
      fc.assert(
        fc.property(fc.option(values, { nil: null }), fc.option(values, { nil: null }), fc.boolean(), (x, y, descending) => {
          const ours = compileSort([{ expr: column(type), descending, nullsFirst: false }]);
          expect(sign(ours([x], [y]))).toBe(sign(reference(descending)([x], [y])));
        }),
        { numRuns: 2000 },
      );
    });
  }
});
