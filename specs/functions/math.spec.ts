import { describe, expect, it } from 'vitest';
import { lookupFunction } from '../../lib/functions/registry.js';
import { Decimal } from '../../lib/types/decimal.js';
import { ANY, decimalType, DOUBLE, INTEGER, STRING } from '../../lib/types/sqlType.js';
import { bindFor, call, callConstant, callTyped, errorCode, show } from './callFunction.js';

const dec = (t: string): Decimal => Decimal.parse(t);

describe('ABS and SIGN', () => {
  it('ABS keeps the type', () => {
    expect(call('ABS', -5)).toBe(5);
    expect(call('ABS', -(2n ** 60n))).toBe(2n ** 60n);
    expect(call('ABS', -1.5)).toBe(1.5);
    expect(show(call('ABS', dec('-1.50')))).toBe('1.50d');
    expect(bindFor('ABS', [dec('-1.50')]).returnType).toEqual(decimalType(3, 2));
    expect(call('ABS', null)).toBeNull();
    expect(callTyped('ABS', [ANY], -2.5)).toBe(2.5);
    expect(errorCode(() => call('ABS', 'x'))).toBe('SQL_TYPE');
  });

  it('SIGN gives -1, 0 or 1', () => {
    expect(call('SIGN', -3)).toBe(-1);
    expect(call('SIGN', 0)).toBe(0);
    expect(call('SIGN', dec('0.01'))).toBe(1);
    expect(call('SIGN', -(2n ** 60n))).toBe(-1);
    expect(call('SIGN', NaN)).toBeNull();
    expect(call('SIGN', null)).toBeNull();
  });
});

describe('ROUND and TRUNCATE', () => {
  it('ROUND on DECIMAL is HALF_UP and keeps DECIMAL with scale n', () => {
    expect(show(callConstant('ROUND', dec('2.345'), 2))).toBe('2.35d');
    expect(show(callConstant('ROUND', dec('-2.345'), 2))).toBe('-2.35d');
    expect(show(call('ROUND', dec('2.5')))).toBe('3d');
    expect(show(callConstant('ROUND', dec('1250.5'), -2))).toBe('1300d');
    expect(show(callConstant('ROUND', dec('1.5'), 3))).toBe('1.500d');
    expect(bindFor('ROUND', [dec('123.456'), 2]).returnType).toEqual(decimalType(6, 2));
    expect(bindFor('ROUND', [dec('123.456'), 2], undefined, true).returnType).toEqual(decimalType(7, 3));
    expect(show(bindFor('ROUND', [dec('123.456'), 2], undefined, true).call([dec('123.456'), 2]))).toBe('123.460d');
  });

  it('ROUND on DOUBLE is half away from zero on the decimal text', () => {
    expect(call('ROUND', 2.5)).toBe(3);
    expect(call('ROUND', -2.5)).toBe(-3);
    expect(call('ROUND', 1.005, 2)).toBe(1.01);
    expect(call('ROUND', 1234.5678, -2)).toBe(1200);
    expect(Object.is(call('ROUND', -0.4), 0)).toBe(true);
    expect(call('ROUND', Infinity)).toBe(Infinity);
  });

  it('ROUND on INTEGER and NULLs', () => {
    expect(call('ROUND', 1250, -2)).toBe(1300);
    expect(call('ROUND', -1250, -2)).toBe(-1300);
    expect(call('ROUND', 7, 2)).toBe(7);
    expect(call('ROUND', null, 2)).toBeNull();
    expect(call('ROUND', 1.5, null)).toBeNull();
  });

  it('TRUNCATE cuts toward zero', () => {
    expect(show(callConstant('TRUNCATE', dec('2.349'), 2))).toBe('2.34d');
    expect(show(callConstant('TRUNC', dec('-2.349'), 2))).toBe('-2.34d');
    expect(show(callConstant('TRUNCATE', dec('1299.9'), -2))).toBe('1200d');
    expect(call('TRUNCATE', -2.7)).toBe(-2);
    expect(call('TRUNCATE', 1.999, 2)).toBe(1.99);
    expect(call('TRUNCATE', -1299, -2)).toBe(-1200);
  });

  it('CEIL and FLOOR', () => {
    expect(show(call('CEIL', dec('1.01')))).toBe('2d');
    expect(show(call('CEILING', dec('-1.99')))).toBe('-1d');
    expect(show(call('FLOOR', dec('-1.01')))).toBe('-2d');
    expect(bindFor('FLOOR', [dec('123.45')]).returnType).toEqual(decimalType(4, 0));
    expect(call('FLOOR', 1.5)).toBe(1);
    expect(Object.is(call('CEIL', -0.5), 0)).toBe(true);
    expect(call('CEIL', 7)).toBe(7);
    expect(call('FLOOR', null)).toBeNull();
  });
});

describe('functions of doubles', () => {
  it('SQRT, EXP, LN, LOG, LOG10, POWER', () => {
    expect(call('SQRT', 16)).toBe(4);
    expect(call('SQRT', dec('2.25'))).toBe(1.5);
    expect(call('EXP', 0)).toBe(1);
    expect(call('LN', Math.E)).toBe(1);
    expect(call('LOG', 1000)).toBe(3);
    expect(call('LOG10', 100)).toBe(2);
    expect(call('LOG', 2, 8)).toBe(3);
    expect(call('POWER', 2, 10)).toBe(1024);
    expect(call('POW', 4, 0.5)).toBe(2);
    expect(call('POWER', -8, 3)).toBe(-512);
    expect(call('SQRT', null)).toBeNull();
    expect(call('POWER', 2, null)).toBeNull();
  });

  it('raise EVALUATION outside their domain, like Postgres', () => {
    expect(() => call('SQRT', -1)).toThrow(/cannot take the square root of a negative number/);
    expect(errorCode(() => call('LN', 0))).toBe('EVALUATION');
    expect(errorCode(() => call('LOG', -1))).toBe('EVALUATION');
    expect(errorCode(() => call('LOG', 1, 5))).toBe('EVALUATION');
    expect(errorCode(() => call('POWER', 0, -1))).toBe('EVALUATION');
    expect(errorCode(() => call('POWER', -8, 0.5))).toBe('EVALUATION');
    expect(errorCode(() => call('EXP', 1000))).toBe('EVALUATION');
  });

  it('MOD follows the % operator', () => {
    expect(call('MOD', -7, 3)).toBe(-1);
    expect(call('MOD', 7, 0)).toBeNull();
    expect(show(call('MOD', dec('7.5'), 2))).toBe('1.5d');
    expect(call('MOD', 5.5, 2)).toBe(1.5);
  });

  it('PI and RANDOM', () => {
    expect(call('PI')).toBe(Math.PI);
    const random = lookupFunction('RANDOM')!;
    expect(random.deterministic).toBe(false);
    expect(lookupFunction('PI')!.deterministic).toBe(true);
    const r = random.bind([], []).call([]);
    expect(typeof r === 'number' && r >= 0 && r < 1).toBe(true);
    expect(random.bind([], []).returnType).toEqual(DOUBLE);
  });
});

describe('LEAST and GREATEST', () => {
  it('skip NULLs and widen to the common type', () => {
    expect(call('LEAST', 3, 1, 2)).toBe(1);
    expect(call('GREATEST', 3, null, 5)).toBe(5);
    expect(call('GREATEST', null, null)).toBeNull();
    expect(show(call('GREATEST', 1, dec('1.50')))).toBe('1.50d');
    expect(show(call('LEAST', 2, dec('1.50')))).toBe('1.50d');
    expect(show(call('LEAST', 1, dec('1.50')))).toBe('1.00d');
    expect(call('LEAST', 'b', 'a')).toBe('a');
    expect(bindFor('GREATEST', [1, 2.5]).returnType).toEqual(DOUBLE);
    expect(() => callTyped('LEAST', [INTEGER, STRING], 1, 'a')).toThrow(/LEAST: arguments of types INTEGER, STRING have no common type/);
  });
});
