import { describe, expect, it } from 'vitest';
import { Decimal, DecimalSum, isDecimal } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';

const d = (text: string): Decimal => Decimal.parse(text);

/** Asserts that `fn` throws a FerrisError with the given code. */
function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FerrisError);
    expect((e as FerrisError).code).toBe(code);
    return;
  }
  throw new Error(`expected a FerrisError ${code}`);
}

describe('Decimal parse and print', () => {
  it.each([
    ['150.2567', '150.2567', 4],
    ['-0.05', '-0.05', 2],
    ['0.000', '0.000', 3],
    ['-0', '0', 0],
    ['+7', '7', 0],
    ['.5', '0.5', 1],
    ['5.', '5', 0],
    [' 12.30 ', '12.30', 2],
    ['1e3', '1000', 0],
    ['1.5E-7', '0.00000015', 8],
    ['-2.5e1', '-25', 0],
    ['-0.000000000000000000000000000000000001', '-0.000000000000000000000000000000000001', 36],
    ['12345678901234567890.123456789', '12345678901234567890.123456789', 9],
    ['99999999999999999999999999999999999999', '99999999999999999999999999999999999999', 0],
  ])('parses %s', (text, printed, scale) => {
    const v = d(text);
    expect(v.toString()).toBe(printed);
    expect(v.scale).toBe(scale);
  });

  it.each(['', '-', '.', 'abc', '1.2.3', '1e', '1e+', '--1', '1 2', '0x10', 'NaN', '1,5'])('rejects %j', (text) => {
    expect(Decimal.tryParse(text)).toBeNull();
    expectCode(() => d(text), 'BAD_RECORD');
  });

  it('rejects more than 38 digits or a scale above 38', () => {
    expectCode(() => d('123456789012345678901234567890123456789'), 'DECIMAL_OVERFLOW');
    expectCode(() => d('0.000000000000000000000000000000000000001'), 'DECIMAL_OVERFLOW');
    expectCode(() => d('1e38'), 'DECIMAL_OVERFLOW');
  });

  it('keeps numbers on the fast path and bigints beyond 2^53', () => {
    expect(d('9007199254740991').big).toBeNull();
    expect(d('9007199254740992').big).toBe(9007199254740992n);
    expect(d('-90071992547409.92').big).toBe(-9007199254740992n);
  });

  it('fromNumber goes through the shortest round-trip text', () => {
    expect(Decimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(Decimal.fromNumber(-0.05).toString()).toBe('-0.05');
    expect(Decimal.fromNumber(1e21).toString()).toBe('1000000000000000000000');
    expect(Decimal.fromNumber(123.456).scale).toBe(3);
    expectCode(() => Decimal.fromNumber(NaN), 'BAD_RECORD');
    expectCode(() => Decimal.fromNumber(Infinity), 'BAD_RECORD');
  });

  it('fromInteger and fromUnscaled', () => {
    expect(Decimal.fromInteger(42).toString()).toBe('42');
    expect(Decimal.fromInteger(12345678901234567890n).toString()).toBe('12345678901234567890');
    expect(Decimal.fromUnscaled(-5, 2).toString()).toBe('-0.05');
    expect(Decimal.fromUnscaled(10n ** 20n, 20).toString()).toBe('1.00000000000000000000');
    expectCode(() => Decimal.fromInteger(1.5), 'EVALUATION');
    expectCode(() => Decimal.fromUnscaled(1, -1), 'EVALUATION');
  });

  it('precision counts the digits of the unscaled value', () => {
    expect(d('150.25').precision).toBe(5);
    expect(d('-0.05').precision).toBe(1);
    expect(d('0').precision).toBe(1);
    expect(d('12345678901234567890').precision).toBe(20);
  });
});

describe('Decimal arithmetic', () => {
  it('adds and subtracts at scale max(sa, sb)', () => {
    expect(d('1.5').add(d('2.25')).toString()).toBe('3.75');
    expect(d('0.1').sub(d('0.15')).toString()).toBe('-0.05');
    expect(d('9007199254740991').add(d('1')).toString()).toBe('9007199254740992');
    expect(d('-9007199254740991').sub(d('1')).toString()).toBe('-9007199254740992');
    // Aligning 1 to scale 38 needs 39 digits, the result does not: no overflow.
    expect(d('1').add(d('-0.99999999999999999999999999999999999999')).toString()).toBe('0.00000000000000000000000000000000000001');
    expect(d('9007199254740991').mod(d('-999999999999999.99999999999999999999999'))!.toString()).toBe('7199254740991.00000000000000000000009');
  });

  it('multiplies at scale sa + sb', () => {
    const p = d('150.2567').mul(d('100'));
    expect(p.toString()).toBe('15025.6700');
    expect(d('-0.5').mul(d('0.1')).toString()).toBe('-0.05');
    expect(d('123456789.123').mul(d('987654321.987')).toString()).toBe('121932631355968601.347401');
  });

  it('divides at scale max(sa, sb) + 6 with HALF_UP', () => {
    expect(d('1').div(d('3'))!.toString()).toBe('0.333333');
    expect(d('2').div(d('3'))!.toString()).toBe('0.666667');
    expect(d('-2').div(d('3'))!.toString()).toBe('-0.666667');
    expect(d('10.00').div(d('4'))!.toString()).toBe('2.50000000');
    expect(d('0.0000005').div(d('1'))!.toString()).toBe('0.0000005000000');
    expect(d('1').div(d('0'))).toBeNull();
    expect(d('1').div(d('0.000'))).toBeNull();
  });

  it('rounds ties away from zero for negative quotients', () => {
    // 1 / 8 = 0.125 → scale 2 → 0.13; -1/8 → -0.13
    expect(d('1').divToScale(d('8'), 2)!.toString()).toBe('0.13');
    expect(d('-1').divToScale(d('8'), 2)!.toString()).toBe('-0.13');
    expect(d('1').divToScale(d('-8'), 2)!.toString()).toBe('-0.13');
  });

  it('mod keeps the sign of the dividend', () => {
    expect(d('7.5').mod(d('2'))!.toString()).toBe('1.5');
    expect(d('-7.5').mod(d('2'))!.toString()).toBe('-1.5');
    expect(d('7.5').mod(d('-2'))!.toString()).toBe('1.5');
    expect(d('7').mod(d('0'))).toBeNull();
  });

  it('ROUND is HALF_UP to scale n, negative n rounds left of the point', () => {
    expect(d('1.2345').round(2).toString()).toBe('1.23');
    expect(d('1.235').round(2).toString()).toBe('1.24');
    expect(d('-1.235').round(2).toString()).toBe('-1.24');
    expect(d('-0.005').round(2).toString()).toBe('-0.01');
    expect(d('1.2').round(4).toString()).toBe('1.2000');
    expect(d('1250').round(-2).toString()).toBe('1300');
    expect(d('-1250').round(-2).toString()).toBe('-1300');
    expect(d('1249.99').round(-2).toString()).toBe('1200');
    expect(d('2.5').round(0).toString()).toBe('3');
  });

  it('rescale rounds HALF_UP when reducing', () => {
    expect(d('2.345').rescale(2).toString()).toBe('2.35');
    expect(d('2.5').rescale(4).toString()).toBe('2.5000');
    expectCode(() => d('1').rescale(-1), 'EVALUATION');
  });

  it('floor and ceil at scale 0', () => {
    expect(d('1.5').floor().toString()).toBe('1');
    expect(d('-1.5').floor().toString()).toBe('-2');
    expect(d('-0.05').floor().toString()).toBe('-1');
    expect(d('-0.05').ceil().toString()).toBe('0');
    expect(d('1.01').ceil().toString()).toBe('2');
    expect(d('3.00').ceil().toString()).toBe('3');
  });

  it('neg, abs, sign, isZero', () => {
    expect(d('-0.05').neg().toString()).toBe('0.05');
    expect(d('-0.05').abs().toString()).toBe('0.05');
    expect(d('-0.05').sign()).toBe(-1);
    expect(d('0.00').sign()).toBe(0);
    expect(d('0.00').isZero()).toBe(true);
    expect(d('0').neg().toString()).toBe('0');
  });

  it('overflows beyond 38 digits', () => {
    const big = d('9999999999999999999999999999999999999'); // 37 digits
    expect(big.mul(d('9')).precision).toBe(38);
    expectCode(() => big.mul(d('99')), 'DECIMAL_OVERFLOW');
    expectCode(() => d('99999999999999999999999999999999999999').add(d('1')), 'DECIMAL_OVERFLOW');
    expectCode(() => d('123.45').checkPrecision(4), 'DECIMAL_OVERFLOW');
    expect(d('123.45').checkPrecision(5).toString()).toBe('123.45');
  });
});

describe('Decimal comparison and conversion', () => {
  it('compares by value', () => {
    expect(d('1.50').equals(d('1.5'))).toBe(true);
    expect(d('-0.05').compare(d('0'))).toBe(-1);
    expect(d('2').compare(d('1.99999'))).toBe(1);
    expect(d('12345678901234567890').compare(d('12345678901234567890.0001'))).toBe(-1);
    expect(d('-12345678901234567890').compare(d('1'))).toBe(-1);
  });

  it('toNumber is the nearest double, toBigInt truncates', () => {
    expect(d('0.1').toNumber()).toBe(0.1);
    expect(d('-0.05').toNumber()).toBe(-0.05);
    expect(d('12345678901234567890.5').toNumber()).toBe(12345678901234567890.5);
    expect(d('-7.9').toBigInt()).toBe(-7n);
    expect(d('12345678901234567890.9').toBigInt()).toBe(12345678901234567890n);
  });

  it('isDecimal and JSON', () => {
    expect(isDecimal(d('1'))).toBe(true);
    expect(isDecimal(1)).toBe(false);
    expect(JSON.stringify({ p: d('15025.6700') })).toBe('{"p":"15025.6700"}');
  });
});

describe('DecimalSum', () => {
  it('is null when empty and exact otherwise', () => {
    const sum = new DecimalSum();
    expect(sum.result()).toBeNull();
    expect(sum.average()).toBeNull();
    for (let i = 0; i < 10; i++) sum.add(d('0.1'));
    expect(sum.result()!.toString()).toBe('1.0');
    expect(sum.count).toBe(10);
    expect(sum.average()!.toString()).toBe('0.1000000');
  });

  it('spills into bigint and back, and mixes scales', () => {
    const sum = new DecimalSum();
    sum.add(d('9007199254740991'));
    sum.add(d('9007199254740991'));
    expect(sum.result()!.toString()).toBe('18014398509481982');
    sum.add(d('0.05'));
    expect(sum.result()!.toString()).toBe('18014398509481982.05');
    sum.sub(d('9007199254740991'));
    sum.sub(d('9007199254740991'));
    expect(sum.result()!.toString()).toBe('0.05');
    expect(sum.result()!.big).toBeNull();
    sum.sub(d('0.05'));
    expect(sum.result()).toBeNull();
  });

  it('overflows past 38 digits when the result is taken', () => {
    const sum = new DecimalSum();
    sum.add(d('99999999999999999999999999999999999999'));
    sum.add(d('1'));
    expectCode(() => sum.result(), 'DECIMAL_OVERFLOW');
  });
});
