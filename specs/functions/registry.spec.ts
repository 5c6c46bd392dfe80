import { describe, expect, it } from 'vitest';
import { listFunctions, lookupFunction, suggestFunction } from '../../lib/functions/registry.js';
import { STRING } from '../../lib/types/sqlType.js';
import { errorCode } from './callFunction.js';

describe('function registry', () => {
  it('looks names and aliases up case-insensitively', () => {
    expect(lookupFunction('round')?.name).toBe('ROUND');
    expect(lookupFunction('Substr')?.name).toBe('SUBSTRING');
    expect(lookupFunction('char_length')?.name).toBe('LENGTH');
    expect(lookupFunction('NO_SUCH_FUNCTION')).toBeUndefined();
  });

  it('lists every function once, sorted, with upper-case names and documentation', () => {
    const fns = listFunctions();
    const names = fns.map((f) => f.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const fn of fns) {
      expect(fn.name).toBe(fn.name.toUpperCase());
      expect(fn.signature.startsWith(fn.name)).toBe(true);
      expect(fn.description.length).toBeGreaterThan(10);
      expect(fn.minArgs).toBeLessThanOrEqual(fn.maxArgs);
    }
    expect(fns.length).toBeGreaterThan(70);
  });

  it('suggests the nearest name for typos', () => {
    expect(suggestFunction('UPPPER')).toBe('UPPER');
    expect(suggestFunction('substrng')).toBe('SUBSTRING');
    expect(suggestFunction('json_extrct')).toBe('JSON_EXTRACT');
    expect(suggestFunction('completely_different')).toBeUndefined();
  });

  it('checks the number of arguments before binding', () => {
    const round = lookupFunction('ROUND')!;
    expect(() => round.bind([], [])).toThrow(/ROUND expects 1 to 2 arguments, got 0: ROUND\(x \[, n\]\)/);
    expect(errorCode(() => lookupFunction('COALESCE')!.bind([], []))).toBe('SQL_TYPE');
    expect(() => lookupFunction('CONCAT')!.bind([], [])).toThrow(/CONCAT expects at least 1 argument, got 0/);
    expect(lookupFunction('CONCAT')!.bind([STRING, STRING, STRING, STRING], []).returnType).toEqual(STRING);
  });
});
