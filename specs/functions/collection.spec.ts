import { describe, expect, it } from 'vitest';
import { lookupFunction } from '../../lib/functions/registry.js';
import { Decimal } from '../../lib/types/decimal.js';
import { arrayType, decimalType, INTEGER, STRING, type SqlType } from '../../lib/types/sqlType.js';
import { bindFor, call, callTyped, errorCode, show } from './callFunction.js';

const MAP_TYPE: SqlType = { kind: 'MAP', key: STRING, value: INTEGER };

describe('collection functions', () => {
  it('ARRAY builds a typed array, widening elements', () => {
    expect(call('ARRAY', 1, null, 3)).toEqual([1, null, 3]);
    expect(bindFor('ARRAY', [1, Decimal.parse('2.5')]).returnType).toEqual(arrayType(decimalType(20, 1)));
    expect(show(call('ARRAY', 1, Decimal.parse('2.5')))).toBe('[1.0d,2.5d]');
    expect(call('ARRAY')).toEqual([]);
  });

  it('STRUCT needs constant names', () => {
    expect(callTyped('STRUCT', [STRING, INTEGER, STRING, STRING], 'qty', 5, 'sym', 'X')).toEqual({ qty: 5, sym: 'X' });
    const fn = lookupFunction('STRUCT')!;
    expect(fn.bind([STRING, INTEGER], ['qty', undefined]).returnType).toEqual({
      kind: 'STRUCT',
      fields: [{ name: 'qty', type: INTEGER, nullable: true }],
    });
    expect(errorCode(() => fn.bind([STRING, INTEGER], [undefined, undefined]))).toBe('SQL_TYPE');
    expect(errorCode(() => fn.bind([STRING, INTEGER, STRING], ['a', undefined, 'b']))).toBe('SQL_TYPE');
  });

  it('MAP builds a string-keyed map', () => {
    expect(show(call('MAP', 'a', 1, 2, 3))).toBe('Map(a=1,2=3)');
    expect(errorCode(() => callTyped('MAP', [STRING, INTEGER], null, 1))).toBe('EVALUATION');
    expect(errorCode(() => call('MAP', 'a'))).toBe('SQL_TYPE');
  });

  it('ARRAY_LENGTH and CARDINALITY', () => {
    expect(callTyped('ARRAY_LENGTH', [arrayType(INTEGER)], [1, 2, 3])).toBe(3);
    expect(callTyped('CARDINALITY', [MAP_TYPE], new Map([['a', 1]]))).toBe(1);
    expect(callTyped('ARRAY_LENGTH', [arrayType(INTEGER)], null)).toBeNull();
    expect(errorCode(() => call('ARRAY_LENGTH', 'abc'))).toBe('SQL_TYPE');
  });

  it('ARRAY_CONTAINS compares with SQL equality', () => {
    expect(callTyped('ARRAY_CONTAINS', [arrayType(INTEGER), INTEGER], [1, 2], 2)).toBe(true);
    expect(callTyped('ARRAY_CONTAINS', [arrayType(INTEGER), INTEGER], [1, null], 3)).toBe(false);
    expect(callTyped('ARRAY_CONTAINS', [arrayType(INTEGER), decimalType(3, 1)], [1, 2], Decimal.parse('2.0'))).toBe(true);
    expect(callTyped('ARRAY_CONTAINS', [arrayType(INTEGER), INTEGER], null, 1)).toBeNull();
    expect(callTyped('ARRAY_CONTAINS', [arrayType(INTEGER), INTEGER], [1], null)).toBeNull();
    expect(errorCode(() => callTyped('ARRAY_CONTAINS', [arrayType(INTEGER), STRING], [1], 'a'))).toBe('SQL_TYPE');
  });

  it('MAP_KEYS and MAP_VALUES', () => {
    const m = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    expect(callTyped('MAP_KEYS', [MAP_TYPE], m)).toEqual(['a', 'b']);
    expect(callTyped('MAP_VALUES', [MAP_TYPE], m)).toEqual([1, 2]);
    expect(bindFor('MAP_VALUES', [m], [MAP_TYPE]).returnType).toEqual(arrayType(INTEGER));
    expect(callTyped('MAP_KEYS', [MAP_TYPE], null)).toBeNull();
  });
});
