import { describe, expect, it } from 'vitest';
import { bindBinaryOperator, bindNegate, commonSuperType } from '../../lib/functions/operators.js';
import { Decimal } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';
import {
  ANY,
  BOOLEAN,
  DATE,
  decimalType,
  DOUBLE,
  INTEGER,
  INTERVAL,
  NULL_TYPE,
  STRING,
  TIMESTAMP,
  arrayType,
  type SqlType,
} from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';

const dec = (text: string): Decimal => Decimal.parse(text);
const D = (p: number, s: number): SqlType => decimalType(p, s);

function apply(op: Parameters<typeof bindBinaryOperator>[0], left: SqlType, right: SqlType, a: Value, b: Value): Value {
  return bindBinaryOperator(op, left, right).call(a, b);
}

function text(v: Value): string {
  return v instanceof Decimal ? v.toString() : String(v);
}

describe('integer arithmetic', () => {
  it('stays exact and promotes to bigint beyond 2^53', () => {
    const add = bindBinaryOperator('+', INTEGER, INTEGER);
    expect(add.returnType).toEqual(INTEGER);
    expect(add.call(2, 3)).toBe(5);
    expect(add.call(Number.MAX_SAFE_INTEGER, 1)).toBe(9007199254740992n);
    expect(add.call(9007199254740992n, -1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(apply('*', INTEGER, INTEGER, 4294967296, 4294967296)).toBe(18446744073709551616n);
    expect(apply('-', INTEGER, INTEGER, -Number.MAX_SAFE_INTEGER, 2)).toBe(-9007199254740993n);
    expect(Object.is(apply('*', INTEGER, INTEGER, 0, -5), 0)).toBe(true);
  });

  it('divides truncating toward zero, NULL on zero', () => {
    expect(apply('/', INTEGER, INTEGER, 7, 2)).toBe(3);
    expect(apply('/', INTEGER, INTEGER, -7, 2)).toBe(-3);
    expect(apply('/', INTEGER, INTEGER, 7, -2)).toBe(-3);
    expect(Object.is(apply('/', INTEGER, INTEGER, 1, -2), 0)).toBe(true);
    expect(apply('/', INTEGER, INTEGER, 7, 0)).toBeNull();
    expect(apply('/', INTEGER, INTEGER, 10n ** 20n, 3)).toBe(33333333333333333333n);
    expect(apply('/', INTEGER, INTEGER, 10n ** 20n, 0)).toBeNull();
    expect(apply('/', INTEGER, INTEGER, Number.MAX_SAFE_INTEGER, 3)).toBe(3002399751580330);
  });

  it('takes the sign of the dividend for %', () => {
    expect(apply('%', INTEGER, INTEGER, 7, 3)).toBe(1);
    expect(apply('%', INTEGER, INTEGER, -7, 3)).toBe(-1);
    expect(apply('%', INTEGER, INTEGER, 7, -3)).toBe(1);
    expect(apply('%', INTEGER, INTEGER, 7, 0)).toBeNull();
    expect(apply('%', INTEGER, INTEGER, -(10n ** 20n) - 1n, 10)).toBe(-1);
  });

  it('gives NULL for a NULL operand', () => {
    expect(apply('+', INTEGER, INTEGER, null, 1)).toBeNull();
    expect(apply('+', INTEGER, INTEGER, 1, null)).toBeNull();
    const withNullLiteral = bindBinaryOperator('+', NULL_TYPE, INTEGER);
    expect(withNullLiteral.returnType).toEqual(INTEGER);
    expect(withNullLiteral.call(null, 1)).toBeNull();
  });
});

describe('double arithmetic', () => {
  it('gives DOUBLE whenever a DOUBLE is involved', () => {
    expect(bindBinaryOperator('+', INTEGER, DOUBLE).returnType).toEqual(DOUBLE);
    expect(bindBinaryOperator('*', D(10, 2), DOUBLE).returnType).toEqual(DOUBLE);
    expect(apply('+', INTEGER, DOUBLE, 1, 0.5)).toBe(1.5);
    expect(apply('*', D(10, 2), DOUBLE, dec('1.50'), 2)).toBe(3);
    expect(apply('-', DOUBLE, INTEGER, 1.5, 10n ** 17n)).toBe(1.5 - 1e17);
    expect(apply('/', DOUBLE, DOUBLE, 1, 4)).toBe(0.25);
    expect(apply('/', DOUBLE, DOUBLE, 1, 0)).toBeNull();
    expect(apply('%', DOUBLE, DOUBLE, -5.5, 2)).toBe(-1.5);
  });
});

describe('decimal arithmetic', () => {
  it('adds with scale max(sa, sb) and a fixed result type', () => {
    const add = bindBinaryOperator('+', D(10, 2), D(12, 4));
    expect(add.returnType).toEqual(D(13, 4));
    expect(text(add.call(dec('1.25'), dec('0.0001')))).toBe('1.2501');
    expect(text(apply('-', D(10, 2), D(10, 2), dec('1.00'), dec('2.50')))).toBe('-1.50');
  });

  it('multiplies with scale sa + sb', () => {
    const mul = bindBinaryOperator('*', D(10, 2), D(10, 3));
    expect(mul.returnType).toEqual(D(20, 5));
    expect(text(mul.call(dec('1.25'), dec('2.000')))).toBe('2.50000');
  });

  it('divides with scale max(sa, sb) + 6 HALF_UP, NULL on zero', () => {
    const div = bindBinaryOperator('/', D(10, 2), D(10, 2));
    expect(div.returnType).toEqual(D(18, 8));
    expect(text(div.call(dec('1.00'), dec('3.00')))).toBe('0.33333333');
    expect(text(div.call(dec('2.00'), dec('3.00')))).toBe('0.66666667');
    expect(text(div.call(dec('-2.00'), dec('3.00')))).toBe('-0.66666667');
    expect(div.call(dec('1.00'), dec('0.00'))).toBeNull();
  });

  it('mixes INTEGER and DECIMAL as DECIMAL', () => {
    const add = bindBinaryOperator('+', INTEGER, D(10, 2));
    expect(add.returnType).toEqual(D(22, 2));
    expect(text(add.call(1, dec('0.25')))).toBe('1.25');
    const div = bindBinaryOperator('/', D(10, 2), INTEGER);
    expect(div.returnType.kind === 'DECIMAL' && div.returnType.scale).toBe(8);
    expect(text(div.call(dec('10.00'), 4))).toBe('2.50000000');
    expect(text(apply('*', INTEGER, D(10, 2), 10n ** 20n, dec('1.50')))).toBe('150000000000000000000.00');
  });

  it('takes the sign of the dividend for % and caps precision at 38', () => {
    expect(text(apply('%', D(10, 2), D(10, 1), dec('-7.50'), dec('2.0')))).toBe('-1.50');
    expect(apply('%', D(10, 2), D(10, 1), dec('7.50'), dec('0.0'))).toBeNull();
    expect(bindBinaryOperator('*', D(30, 10), D(30, 10)).returnType).toEqual(D(38, 20));
  });

  it('raises DECIMAL_OVERFLOW beyond 38 digits', () => {
    const big = dec('9'.repeat(30));
    let error: unknown;
    try {
      apply('*', D(38, 0), D(38, 0), big, big);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FerrisError);
    expect((error as FerrisError).code).toBe('DECIMAL_OVERFLOW');
  });
});

describe('temporal arithmetic', () => {
  const ts = Date.UTC(2024, 0, 1);
  it('adds intervals to timestamps and dates', () => {
    expect(bindBinaryOperator('+', TIMESTAMP, INTERVAL).returnType).toEqual(TIMESTAMP);
    expect(apply('+', TIMESTAMP, INTERVAL, ts, 60_000)).toBe(ts + 60_000);
    expect(apply('+', INTERVAL, TIMESTAMP, 60_000, ts)).toBe(ts + 60_000);
    expect(apply('-', TIMESTAMP, INTERVAL, ts, 1000)).toBe(ts - 1000);
    expect(apply('+', DATE, INTERVAL, 1, 1000)).toBe(86_400_000 + 1000);
  });

  it('subtracts timestamps into intervals and dates into days', () => {
    expect(bindBinaryOperator('-', TIMESTAMP, TIMESTAMP).returnType).toEqual(INTERVAL);
    expect(apply('-', TIMESTAMP, TIMESTAMP, ts + 5000, ts)).toBe(5000);
    expect(bindBinaryOperator('-', DATE, DATE).returnType).toEqual(INTEGER);
    expect(apply('-', DATE, DATE, 20, 5)).toBe(15);
    expect(bindBinaryOperator('+', DATE, INTEGER).returnType).toEqual(DATE);
    expect(apply('+', DATE, INTEGER, 20, 5)).toBe(25);
    expect(apply('-', DATE, INTEGER, 20, 5)).toBe(15);
  });

  it('scales intervals by numbers', () => {
    expect(apply('*', INTERVAL, INTEGER, 1000, 3)).toBe(3000);
    expect(apply('*', DOUBLE, INTERVAL, 1.5, 1000)).toBe(1500);
    expect(apply('/', INTERVAL, INTEGER, 1000, 3)).toBe(333);
    expect(apply('/', INTERVAL, INTEGER, 1000, 0)).toBeNull();
  });

  it('rejects meaningless combinations with SQL_TYPE', () => {
    expect(() => bindBinaryOperator('+', TIMESTAMP, TIMESTAMP)).toThrow(/operator \+ cannot be applied to TIMESTAMP and TIMESTAMP/);
    expect(() => bindBinaryOperator('*', STRING, INTEGER)).toThrowError(FerrisError);
  });
});

describe('comparisons', () => {
  it('compare numbers exactly across INTEGER, DOUBLE and DECIMAL', () => {
    expect(apply('=', INTEGER, D(10, 2), 1, dec('1.00'))).toBe(true);
    expect(apply('<', D(10, 2), INTEGER, dec('0.99'), 1)).toBe(true);
    expect(apply('=', D(10, 1), DOUBLE, dec('0.1'), 0.1)).toBe(true);
    expect(apply('>', DOUBLE, D(10, 2), 0.30000000000000004, dec('0.30'))).toBe(true);
    expect(apply('=', INTEGER, DOUBLE, 3, 3.0)).toBe(true);
    expect(apply('<', INTEGER, DOUBLE, 9007199254740993n, 9007199254740994)).toBe(true);
    expect(apply('=', INTEGER, INTEGER, 2n ** 60n, 2n ** 60n)).toBe(true);
    expect(apply('<>', INTEGER, INTEGER, 2n ** 60n, 5)).toBe(true);
    expect(apply('>=', D(10, 2), D(10, 4), dec('1.50'), dec('1.5000'))).toBe(true);
  });

  it('compare strings, booleans, timestamps and dates', () => {
    expect(apply('<', STRING, STRING, 'abc', 'abd')).toBe(true);
    expect(apply('=', STRING, STRING, 'a', 'a')).toBe(true);
    expect(apply('<', STRING, STRING, '\uffff', '\u{1F600}')).toBe(true);
    expect(apply('<', BOOLEAN, BOOLEAN, false, true)).toBe(true);
    expect(apply('>', TIMESTAMP, TIMESTAMP, 2, 1)).toBe(true);
    expect(apply('=', DATE, TIMESTAMP, 1, 86_400_000)).toBe(true);
    expect(apply('<', TIMESTAMP, DATE, 86_399_999, 1)).toBe(true);
  });

  it('compare arrays and ANY values with the generic order', () => {
    expect(apply('=', arrayType(INTEGER), arrayType(INTEGER), [1, 2], [1, 2])).toBe(true);
    expect(apply('<>', arrayType(INTEGER), arrayType(INTEGER), [1, 2], [1, 3])).toBe(true);
    expect(apply('=', ANY, INTEGER, dec('2.0'), 2)).toBe(true);
  });

  it('return NULL on NULL and BOOLEAN type', () => {
    const lt = bindBinaryOperator('<', INTEGER, INTEGER);
    expect(lt.returnType).toEqual(BOOLEAN);
    expect(lt.call(null, 1)).toBeNull();
    expect(bindBinaryOperator('=', NULL_TYPE, STRING).call(null, 'a')).toBeNull();
  });

  it('reject incomparable types with SQL_TYPE', () => {
    expect(() => bindBinaryOperator('=', TIMESTAMP, STRING)).toThrow(/cannot compare TIMESTAMP with STRING/);
  });
});

describe('concatenation and negation', () => {
  it('|| concatenates and casts non-strings', () => {
    expect(apply('||', STRING, STRING, 'a', 'b')).toBe('ab');
    expect(apply('||', STRING, INTEGER, 'n=', 5)).toBe('n=5');
    expect(apply('||', STRING, D(10, 2), 'p=', dec('1.50'))).toBe('p=1.50');
    expect(apply('||', STRING, TIMESTAMP, 't=', 0)).toBe('t=1970-01-01T00:00:00.000Z');
    expect(apply('||', STRING, STRING, 'a', null)).toBeNull();
  });

  it('negates each numeric type exactly', () => {
    expect(bindNegate(INTEGER).call(5)).toBe(-5);
    expect(bindNegate(INTEGER).call(-(2n ** 53n))).toBe(2n ** 53n);
    expect(Object.is(bindNegate(INTEGER).call(0), 0)).toBe(true);
    expect(text(bindNegate(D(10, 2)).call(dec('1.50')))).toBe('-1.50');
    expect(bindNegate(DOUBLE).call(1.5)).toBe(-1.5);
    expect(bindNegate(INTERVAL).call(1000)).toBe(-1000);
    expect(bindNegate(INTEGER).call(null)).toBeNull();
    expect(() => bindNegate(STRING)).toThrow(/unary - cannot be applied to STRING/);
  });
});

describe('ANY operands', () => {
  it('dispatch on the run-time values', () => {
    const add = bindBinaryOperator('+', ANY, INTEGER);
    expect(add.returnType).toEqual(ANY);
    expect(add.call(2, 3)).toBe(5);
    expect(text(add.call(dec('1.5'), 1))).toBe('2.5');
    expect(add.call(0.5, 1)).toBe(1.5);
    expect(() => add.call('x', 1)).toThrow(/operator \+ cannot be applied/);
  });
});

describe('commonSuperType', () => {
  it('widens numbers and keeps NULL neutral', () => {
    expect(commonSuperType(INTEGER, D(10, 2))).toEqual(D(21, 2));
    expect(commonSuperType(D(10, 2), D(8, 4))).toEqual(D(12, 4));
    expect(commonSuperType(INTEGER, DOUBLE)).toEqual(DOUBLE);
    expect(commonSuperType(D(10, 2), DOUBLE)).toEqual(DOUBLE);
    expect(commonSuperType(NULL_TYPE, STRING)).toEqual(STRING);
    expect(commonSuperType(STRING, NULL_TYPE)).toEqual(STRING);
    expect(commonSuperType(DATE, TIMESTAMP)).toEqual(TIMESTAMP);
    expect(commonSuperType(arrayType(INTEGER), arrayType(DOUBLE))).toEqual(arrayType(DOUBLE));
    expect(commonSuperType(TIMESTAMP, STRING)).toBeUndefined();
    expect(commonSuperType(BOOLEAN, INTEGER)).toBeUndefined();
  });
});
