import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindBinaryOperator } from '../../lib/functions/operators.js';
import { Decimal } from '../../lib/types/decimal.js';
import { decimalType, INTEGER } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';

/** An INTEGER value in canonical form: a number when safe, a bigint beyond. */
function canonical(x: bigint): number | bigint {
  return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
}

const integer = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(BigInt),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.constantFrom(2n ** 53n - 1n, -(2n ** 53n) + 1n, 2n ** 53n, 0n, 1n, -1n),
);

describe('INTEGER kernels agree with bigint arithmetic', () => {
  const cases: [string, (a: bigint, b: bigint) => bigint | null][] = [
    ['+', (a, b) => a + b],
    ['-', (a, b) => a - b],
    ['*', (a, b) => a * b],
    ['/', (a, b) => (b === 0n ? null : a / b)],
    ['%', (a, b) => (b === 0n ? null : a % b)],
  ];
  for (const [op, reference] of cases) {
    it(`a ${op} b`, () => {
      const kernel = bindBinaryOperator(op as '+', INTEGER, INTEGER);
      fc.assert(
        fc.property(integer, integer, (a, b) => {
          const expected = reference(a, b);
          const actual: Value = kernel.call(canonical(a), canonical(b));
          expect(actual).toStrictEqual(expected === null ? null : canonical(expected));
        }),
      );
    });
  }
});

describe('DECIMAL kernels produce exactly the planned scale', () => {
  const decimal = (scale: number): fc.Arbitrary<Decimal> =>
    fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((u) => Decimal.fromUnscaled(u, scale));
  const scaledPair = fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }))
    .chain(([sa, sb]) => fc.tuple(decimal(sa), decimal(sb)));

  it('for + - * / %', () => {
    fc.assert(
      fc.property(scaledPair, ([a, b]) => {
        const left = decimalType(22, a.scale);
        const right = decimalType(22, b.scale);
        for (const op of ['+', '-', '*', '/', '%'] as const) {
          const bound = bindBinaryOperator(op, left, right);
          const result = bound.call(a, b);
          if (result === null) {
            expect(b.isZero()).toBe(true);
            continue;
          }
          expect(bound.returnType.kind === 'DECIMAL' && (result as Decimal).scale === bound.returnType.scale).toBe(true);
        }
        expect((bindBinaryOperator('+', left, right).call(a, b) as Decimal).equals(a.add(b))).toBe(true);
        expect((bindBinaryOperator('*', left, right).call(a, b) as Decimal).equals(a.mul(b))).toBe(true);
      }),
    );
  });
});
