import { describe, expect, it } from 'vitest';
import { lookupFunction } from '../../lib/functions/registry.js';
import { arrayType, STRING } from '../../lib/types/sqlType.js';
import { errorCode } from './callFunction.js';

const headers = new Map([
  ['trace-id', 'abc'],
  ['source', 'feed-1'],
]);

/** Binds a header function for the user's argument types and calls it with `_headers` first. */
function callHeader(name: string, headerMap: Map<string, string> | null, ...args: (string | null)[]): unknown {
  const fn = lookupFunction(name)!;
  expect(fn.implicitArgs).toEqual(['_headers']);
  return fn.bind(args.map(() => STRING), args).call([headerMap, ...args]);
}

describe('header functions', () => {
  it('HEADER reads a header, NULL when absent', () => {
    expect(callHeader('HEADER', headers, 'trace-id')).toBe('abc');
    expect(callHeader('HEADER', headers, 'Trace-Id')).toBeNull();
    expect(callHeader('HEADER', null, 'trace-id')).toBeNull();
    expect(callHeader('HEADER', headers, null)).toBeNull();
  });

  it('HAS_HEADER and HEADER_KEYS', () => {
    expect(callHeader('HAS_HEADER', headers, 'source')).toBe(true);
    expect(callHeader('HAS_HEADER', headers, 'nope')).toBe(false);
    expect(callHeader('HAS_HEADER', null, 'source')).toBe(false);
    expect(callHeader('HEADER_KEYS', headers)).toEqual(['trace-id', 'source']);
    expect(callHeader('HEADER_KEYS', null)).toEqual([]);
    expect(lookupFunction('HEADER_KEYS')!.bind([], []).returnType).toEqual(arrayType(STRING));
  });

  it('SET_HEADER and REMOVE_HEADER are not supported yet', () => {
    expect(errorCode(() => lookupFunction('SET_HEADER')!.bind([STRING, STRING], ['k', 'v']))).toBe('NOT_SUPPORTED');
    expect(() => lookupFunction('REMOVE_HEADER')!.bind([STRING], ['k'])).toThrow(
      /not supported yet: REMOVE_HEADER \(output headers need the Kafka sink\)/,
    );
  });
});
