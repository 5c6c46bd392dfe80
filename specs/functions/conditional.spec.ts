import { describe, expect, it } from 'vitest';
import { Decimal } from '../../lib/types/decimal.js';
import { decimalType, INTEGER, STRING, BOOLEAN } from '../../lib/types/sqlType.js';
import { bindFor, call, callTyped, errorCode, show } from './callFunction.js';

describe('conditional functions', () => {
  it('COALESCE returns the first non-NULL, widened', () => {
    expect(call('COALESCE', null, 2, 3)).toBe(2);
    expect(call('COALESCE', null, null)).toBeNull();
    expect(show(call('COALESCE', null, 1, Decimal.parse('2.50')))).toBe('1.00d');
    expect(bindFor('COALESCE', [1, Decimal.parse('2.50')]).returnType).toEqual(decimalType(21, 2));
    expect(errorCode(() => callTyped('COALESCE', [INTEGER, STRING], 1, 'a'))).toBe('SQL_TYPE');
  });

  it('IFNULL and NVL take two arguments', () => {
    expect(call('IFNULL', null, 'x')).toBe('x');
    expect(call('NVL', 'a', 'x')).toBe('a');
    expect(() => call('IFNULL', 1)).toThrow(/IFNULL expects 2 arguments, got 1/);
  });

  it('NULLIF gives NULL on equality', () => {
    expect(call('NULLIF', 1, 1)).toBeNull();
    expect(call('NULLIF', 1, 2)).toBe(1);
    expect(call('NULLIF', 1, Decimal.parse('1.0'))).toBeNull();
    expect(call('NULLIF', null, 1)).toBeNull();
    expect(call('NULLIF', 'a', null)).toBe('a');
  });

  it('IF chooses a branch; a NULL condition takes the else branch', () => {
    expect(call('IF', true, 'yes', 'no')).toBe('yes');
    expect(call('IF', false, 'yes', 'no')).toBe('no');
    expect(callTyped('IF', [BOOLEAN, STRING, STRING], null, 'yes', 'no')).toBe('no');
    expect(show(call('IF', true, 1, Decimal.parse('0.5')))).toBe('1.0d');
    expect(errorCode(() => callTyped('IF', [INTEGER, STRING, STRING], 1, 'a', 'b'))).toBe('SQL_TYPE');
  });
});
