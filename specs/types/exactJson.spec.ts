import { describe, expect, it } from 'vitest';
import { JsonNumberText, isJsonObject, parseExactJson, stringifyExactJson } from '../../lib/types/exactJson.js';

describe('parseExactJson', () => {
  it('gives what JSON.parse gives when every number is exact', () => {
    for (const text of ['{"a":1,"b":[1.5,-2e3,true,false,null],"c":{"d":"x\\"y\\u00e9"}}', '[]', '{}', '"s"', '0', '1e-7']) {
      expect(parseExactJson(text)).toEqual(JSON.parse(text));
    }
  });

  it('keeps numbers a double cannot carry as their text, anywhere in the document', () => {
    const text = '{"id": 9007199254740993, "nested": {"p": [0.12345678901234567891, 1.5]}, "s": "12345678901234567890", "k\\"ey": 1e400}';
    const parsed = parseExactJson(text) as Record<string, unknown>;
    expect(parsed.id).toEqual(new JsonNumberText('9007199254740993'));
    expect(parsed.nested).toEqual({ p: [new JsonNumberText('0.12345678901234567891'), 1.5] });
    expect(parsed.s).toBe('12345678901234567890');
    expect(parsed['k"ey']).toEqual(new JsonNumberText('1e400'));
  });

  it('keeps numbers that leave the double range (overflow, underflow, subnormal) and plain big exponents as doubles', () => {
    const parsed = parseExactJson('[1e400, -1e400, 1e-400, 1e-310, 0e-400, 1e300, 1.5e-300]') as unknown[];
    expect(parsed).toEqual([
      new JsonNumberText('1e400'),
      new JsonNumberText('-1e400'),
      new JsonNumberText('1e-400'),
      new JsonNumberText('1e-310'),
      0,
      1e300,
      1.5e-300,
    ]);
  });

  it('keeps __proto__ as an own member, takes the last of duplicate keys, and throws JSON.parse errors', () => {
    const parsed = parseExactJson('{"__proto__": {"x": 12345678901234567890}, "a": 1, "a": 2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(parsed.a).toBe(2);
    expect(() => parseExactJson('{"a": 12345678901234567890')).toThrow(SyntaxError);
  });

  it('writes kept numbers back with their own digits; a kept number is not a JSON object', () => {
    const parsed = parseExactJson('{"a":[12345678901234567890,1.5,"x"],"b":null}');
    expect(stringifyExactJson(parsed)).toBe('{"a":[12345678901234567890,1.5,"x"],"b":null}');
    expect(isJsonObject(new JsonNumberText('1'))).toBe(false);
    expect(isJsonObject(parsed)).toBe(true);
  });
});
