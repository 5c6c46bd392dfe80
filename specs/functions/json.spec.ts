import { describe, expect, it } from 'vitest';
import { ANY, arrayType, INTEGER, STRING, type SqlType } from '../../lib/types/sqlType.js';
import { bindFor, call, callTyped, errorCode, show } from './callFunction.js';

const doc = '{"trade":{"sym":"AAPL","px":150.2567,"qty":100,"legs":[{"id":1},{"id":2}],"note":null,"ok":true},"a.b":5}';

describe('JSON functions', () => {
  it('JSON_EXTRACT returns typed values like schema-less input', () => {
    expect(call('JSON_EXTRACT', doc, '$.trade.sym')).toBe('AAPL');
    expect(show(call('JSON_EXTRACT', doc, '$.trade.px'))).toBe('150.2567d');
    expect(call('JSON_EXTRACT', doc, '$.trade.qty')).toBe(100);
    expect(call('JSON_EXTRACT', doc, '$.trade.legs[1].id')).toBe(2);
    expect(call('JSON_EXTRACT', doc, "$['a.b']")).toBe(5);
    expect(call('JSON_EXTRACT', doc, 'trade.ok')).toBe(true);
    expect(call('JSON_EXTRACT', doc, '$.trade.legs[0]')).toEqual({ id: 1 });
    expect(call('JSON_EXTRACT', doc, '$.trade.missing')).toBeNull();
    expect(call('JSON_EXTRACT', doc, '$.trade.legs[5]')).toBeNull();
    expect(bindFor('JSON_EXTRACT', [doc, '$.a']).returnType).toEqual(ANY);
  });

  it('JSON_VALUE returns scalars as text', () => {
    expect(call('JSON_VALUE', doc, '$.trade.px')).toBe('150.2567');
    expect(call('JSON_VALUE', doc, '$.trade.ok')).toBe('true');
    expect(call('JSON_VALUE', doc, '$.trade.legs')).toBeNull();
    expect(call('JSON_VALUE', doc, '$.trade.note')).toBeNull();
  });

  it('JSON_QUERY returns objects and arrays as JSON text', () => {
    expect(call('JSON_QUERY', doc, '$.trade.legs')).toBe('[{"id":1},{"id":2}]');
    expect(call('JSON_QUERY', doc, '$.trade.legs[0]')).toBe('{"id":1}');
    expect(call('JSON_QUERY', doc, '$.trade.sym')).toBeNull();
  });

  it('JSON_EXISTS tells whether the path leads somewhere', () => {
    expect(call('JSON_EXISTS', doc, '$.trade.note')).toBe(true);
    expect(call('JSON_EXISTS', doc, '$.trade.nope')).toBe(false);
    expect(call('JSON_EXISTS', doc, '$.trade.sym[0]')).toBe(false);
  });

  it('gives NULL for invalid JSON and NULL inputs', () => {
    expect(call('JSON_EXTRACT', '{oops', '$.a')).toBeNull();
    expect(call('JSON_EXISTS', 'not json', '$.a')).toBeNull();
    expect(call('JSON_VALUE', null, '$.a')).toBeNull();
    expect(call('JSON_VALUE', doc, null)).toBeNull();
  });

  it('reuses the parse of the same text and follows per-row paths', () => {
    const fn = bindFor('JSON_VALUE', [doc, '$.trade.sym'], [STRING, STRING], true);
    expect(fn.call([doc, '$.trade.sym'])).toBe('AAPL');
    expect(fn.call([doc, '$.trade.qty'])).toBe('100');
    expect(fn.call(['{"trade":{"qty":7}}', '$.trade.qty'])).toBe('7');
  });

  it('navigates already decoded STRUCT, MAP and ARRAY values', () => {
    const struct: SqlType = { kind: 'STRUCT', fields: [{ name: 'a', type: arrayType(INTEGER), nullable: true }] };
    expect(callTyped('JSON_EXTRACT', [struct, STRING], { a: [1, 2] }, '$.a[1]')).toBe(2);
    expect(callTyped('JSON_VALUE', [ANY, STRING], new Map([['k', 'v']]), '$.k')).toBe('v');
    expect(callTyped('JSON_QUERY', [struct, STRING], { a: [1, 2] }, '$.a')).toBe('[1,2]');
    expect(callTyped('JSON_EXISTS', [struct, STRING], { a: [1, 2] }, '$.b')).toBe(false);
  });

  it('rejects bad paths: SQL_TYPE for constants, NOT_SUPPORTED for wildcards', () => {
    expect(errorCode(() => call('JSON_VALUE', doc, '$.a['))).toBe('SQL_TYPE');
    expect(errorCode(() => call('JSON_VALUE', doc, '$.a[*]'))).toBe('NOT_SUPPORTED');
    expect(errorCode(() => call('JSON_VALUE', doc, '$..a'))).toBe('NOT_SUPPORTED');
    expect(errorCode(() => bindFor('JSON_VALUE', [doc, '$.a['], undefined, true).call([doc, '$.a[']))).toBe('EVALUATION');
    expect(errorCode(() => callTyped('JSON_VALUE', [INTEGER, STRING], 1, '$.a'))).toBe('SQL_TYPE');
  });
});
