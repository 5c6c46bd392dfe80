import { describe, expect, it } from 'vitest';
import { ANY, BOOLEAN, DATE, DOUBLE, INTEGER, INTERVAL, NULL_TYPE, STRING, TIMESTAMP, arrayType, decimalType } from '../../lib/types/sqlType.js';
import { parseTimestamp } from '../../lib/types/time.js';
import { aggregate, bindCall, d, over, show, T } from './harness.js';

describe('MIN and MAX', () => {
  it('numbers: integers with bigints, doubles with NaN as the largest', () => {
    expect(over('MIN', T.int, [3, null, 2n ** 60n, -(2n ** 60n), 1])).toBe(-(2n ** 60n));
    expect(over('MAX', T.int, [3, 2n ** 60n, 1])).toBe(2n ** 60n);
    expect(over('MAX', T.double, [1.5, NaN, 2])).toBeNaN();
    expect(over('MIN', T.double, [NaN, 1.5, 2])).toBe(1.5);
    expect(over('MIN', T.double, [-0.5, -1.25])).toBe(-1.25);
  });

  it('decimals compare by value across scales and keep the winning value', () => {
    expect(show(over('MIN', T.dec(10, 2), [d('0.10'), d('-0.05'), d('-0.5'), d('-0.50')]))).toBe('DECIMAL -0.5');
    expect(show(over('MAX', T.dec(38, 2), [d('1.5'), d('99999999999999999999.99'), d('-3')]))).toBe('DECIMAL 99999999999999999999.99');
    expect(bindCall({ name: 'MIN', types: [T.dec(10, 2)] }).returnType).toEqual(decimalType(10, 2));
  });

  it('strings in code point order, timestamps, dates and other types', () => {
    expect(over('MIN', STRING, ['b', 'a', 'ab', '\u{1F600}', '\uFFFF'])).toBe('a');
    expect(over('MAX', STRING, ['b', 'a', '\u{1F600}', '\uFFFF'])).toBe('\u{1F600}');
    const t1 = parseTimestamp('2024-01-01T00:00:00Z');
    const t2 = parseTimestamp('2024-06-01T00:00:00Z');
    expect(over('MAX', TIMESTAMP, [t1, null, t2])).toBe(t2);
    expect(over('MIN', DATE, [19000, 18000])).toBe(18000);
    expect(over('MAX', BOOLEAN, [false, true, false])).toBe(true);
    expect(over('MIN', arrayType(INTEGER), [[2, 1], [1, 9], [1]])).toEqual([1]);
    expect(over('MAX', ANY, [1, d('2.5'), 2])).toEqual(d('2.5'));
  });

  it('NULL over no values, DISTINCT is harmless, a bare NULL gives NULL', () => {
    expect(over('MIN', T.int, [])).toBeNull();
    expect(over('MAX', T.string, [null])).toBeNull();
    expect(over('MAX', T.int, [1, 5, 5], { distinct: true })).toBe(5);
    expect(over('MIN', NULL_TYPE, [null])).toBeNull();
  });
});

describe('DELTA', () => {
  it('is MAX − MIN in the type of x (DECIMAL(p+1,s)), INTERVAL for timestamps', () => {
    expect(show(over('DELTA', T.dec(5, 2), [d('1.25'), d('-0.75'), null, d('0.5')]))).toBe('DECIMAL 2.00');
    expect(bindCall({ name: 'DELTA', types: [T.dec(5, 2)] }).returnType).toEqual(decimalType(6, 2));
    expect(over('DELTA', T.int, [2n ** 60n, -(2n ** 60n)])).toBe(2n ** 61n);
    expect(over('DELTA', T.double, [0.5, 2])).toBe(1.5);
    expect(over('DELTA', TIMESTAMP, [1000, 61000])).toBe(60000);
    expect(bindCall({ name: 'DELTA', types: [TIMESTAMP] }).returnType).toEqual(INTERVAL);
    expect(over('DELTA', ANY, [1, d('2.5')])).toEqual(d('1.5'));
  });

  it('is NULL over no values, 0 over one, and rejects strings', () => {
    expect(over('DELTA', T.int, [null])).toBeNull();
    expect(over('DELTA', T.int, [7])).toBe(0);
    expect(() => bindCall({ name: 'DELTA', types: [STRING] })).toThrow(
      'DELTA: argument 1 has type STRING; accepted: INTEGER, DOUBLE, DECIMAL, TIMESTAMP, DATE, INTERVAL',
    );
  });
});

describe('FIRST_VALUE and LAST_VALUE', () => {
  it('are the first and last non-NULL values in arrival order (aliases FIRST, LAST)', () => {
    expect(over('FIRST_VALUE', T.int, [null, 3, 1, null])).toBe(3);
    expect(over('first', T.int, [null, 3, 1, null])).toBe(3);
    expect(over('LAST_VALUE', T.string, ['a', 'b', null])).toBe('b');
    expect(over('LAST', T.string, ['a', 'b', null])).toBe('b');
    expect(over('FIRST_VALUE', T.int, [])).toBeNull();
    expect(over('LAST_VALUE', T.int, [null])).toBeNull();
  });

  it('merge takes the other side as the later input', () => {
    for (const [name, expected] of [['FIRST_VALUE', 1], ['LAST_VALUE', 4]] as const) {
      const bound = bindCall({ name, types: [INTEGER] });
      const left = bound.create();
      const right = bound.create();
      left.add([1]);
      left.add([2]);
      right.add([3]);
      right.add([4]);
      left.merge(right);
      expect(left.result()).toBe(expected);
      expect(right.result()).toBe(name === 'FIRST_VALUE' ? 3 : 4);
    }
  });
});

describe('STRING_AGG', () => {
  it('joins non-NULL values with the separator in arrival order', () => {
    expect(over('STRING_AGG', STRING, ['a', null, 'b', '', 'c'], { parameters: [', '] })).toBe('a, b, , c');
    expect(over('STRING_AGG', STRING, [], { parameters: [','] })).toBeNull();
    expect(over('STRING_AGG', STRING, [''], { parameters: [','] })).toBe('');
    expect(over('STRING_AGG', NULL_TYPE, [null], { parameters: [','] })).toBeNull();
    expect(() => bindCall({ name: 'STRING_AGG', types: [NULL_TYPE], parameters: [null] })).toThrow(/separator must be a constant string, got NULL/);
  });

  it('writes numbers keeping their scale and timestamps in ISO-8601; aliases GROUP_CONCAT, LISTAGG, COLLECT', () => {
    expect(over('GROUP_CONCAT', T.dec(5, 2), [d('1.50'), d('-0.05')], { parameters: ['|'] })).toBe('1.50|-0.05');
    expect(over('LISTAGG', TIMESTAMP, [parseTimestamp('2024-01-01T00:01:00Z')], { parameters: [';'] })).toBe('2024-01-01T00:01:00.000Z');
    expect(over('COLLECT', DOUBLE, [1.5, 2], { parameters: [' '] })).toBe('1.5 2');
  });

  it('STRING_AGG(DISTINCT x, sep) keeps the first occurrence of each value', () => {
    expect(over('STRING_AGG', STRING, ['b', 'a', 'b', 'c', 'a'], { parameters: [','], distinct: true })).toBe('b,a,c');
  });

  it('merges in order and needs a constant string separator', () => {
    const bound = bindCall({ name: 'STRING_AGG', types: [STRING], parameters: ['-'] });
    const left = bound.create();
    const empty = bound.create();
    const right = bound.create();
    left.add(['x']);
    right.add(['y']);
    right.add(['z']);
    left.merge(empty);
    left.merge(right);
    expect(left.result()).toBe('x-y-z');
    expect(() => bindCall({ name: 'STRING_AGG', types: [STRING], parameters: [1] })).toThrow(
      "STRING_AGG: the separator must be a constant string, got 1",
    );
    expect(() => bindCall({ name: 'STRING_AGG', types: [STRING] })).toThrow(
      'STRING_AGG: expects 1 constant parameter(s), got 0: STRING_AGG([DISTINCT] x, sep)',
    );
  });

  it('an aggregate of the wrong arity names its signature', () => {
    expect(() => aggregate({ name: 'MIN', types: [INTEGER, INTEGER] }, [])).toThrow('MIN: expects 1 value argument, got 2: MIN(x)');
  });
});
