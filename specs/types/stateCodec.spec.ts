import { describe, expect, it } from 'vitest';
import { Decimal } from '../../lib/types/decimal.js';
import { decodeState, encodeRow, decodeRow, encodeState, restoreFields } from '../../lib/types/stateCodec.js';
import type { Value } from '../../lib/types/value.js';

const roundTrip = (v: unknown): unknown => decodeState(JSON.parse(JSON.stringify(encodeState(v))));

describe('state codec', () => {
  it('round-trips SQL values through JSON text bit for bit', () => {
    const row: Value[] = [null, true, 'x', 1.5, -0, NaN, Infinity, -Infinity, 2n ** 80n, Decimal.parse('-12.340'), Decimal.fromUnscaled(10n ** 30n, 4), [1, [2]], new Map<string, Value>([['a', 1]]), { f: Decimal.parse('1.5') }];
    const back = decodeRow(JSON.parse(JSON.stringify(encodeRow(row))));
    expect(back).toStrictEqual(row);
    expect(Object.is(back[4], -0)).toBe(true);
    expect((back[9] as Decimal).scale).toBe(3);
  });

  it('round-trips Maps with number and string keys, Sets, typed arrays and undefined', () => {
    expect(roundTrip(new Map<unknown, unknown>([[1, 'a'], ['1', 'b']]))).toStrictEqual(new Map<unknown, unknown>([[1, 'a'], ['1', 'b']]));
    expect(roundTrip(new Set([3, 'x']))).toStrictEqual(new Set([3, 'x']));
    expect(roundTrip(new Float64Array([NaN, -0, 1e-300]))).toStrictEqual(new Float64Array([NaN, -0, 1e-300]));
    expect(roundTrip(new Uint8Array([0, 255, 7]))).toStrictEqual(new Uint8Array([0, 255, 7]));
    expect(roundTrip([undefined])).toStrictEqual([undefined]);
  });

  it('restores the fields of class instances in place, nested ones included, leaving functions alone', () => {
    class Inner {
      n = 0n;
    }
    class Outer {
      inner = new Inner();
      total = 0;
      readonly read = (v: number): number => v * 2;
    }
    const a = new Outer();
    a.inner.n = 5n;
    a.total = 3;
    const fresh = new Outer();
    const read = fresh.read;
    restoreFields(fresh, JSON.parse(JSON.stringify(encodeState(a))));
    expect(fresh.inner.n).toBe(5n);
    expect(fresh.total).toBe(3);
    expect(fresh.read).toBe(read);
  });

  it('refuses what it cannot snapshot or restore, with a clear error', () => {
    expect(() => encodeState(Symbol('s'))).toThrow(/cannot snapshot a symbol/);
    expect(() => restoreFields({}, 3)).toThrow(/must be its fields/);
    expect(() => decodeState(encodeState(new (class A { x = 1 })()))).toThrow(/restoreFields/);
  });
});
