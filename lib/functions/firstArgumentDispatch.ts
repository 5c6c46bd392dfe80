import { runtimeType } from '../types/cast.js';
import { ANY, NULL_TYPE, type SqlType } from '../types/sqlType.js';
import { bound } from './define.js';
import type { BoundFunction } from './types.js';

/**
 * Binds a function whose kernel depends on the type of its first argument. `bindFor` receives
 * a known type and returns the bound function. A NULL literal argument gives a function that
 * always returns NULL; for ANY, the function of each value's run-time type is bound on first
 * sight and cached per type.
 */
export function bindByFirstArgumentType(
  argTypes: readonly SqlType[],
  bindFor: (type: SqlType) => BoundFunction,
): BoundFunction {
  const type = argTypes[0]!;
  if (type.kind === 'NULL') return bound(NULL_TYPE, () => null);
  if (type.kind !== 'ANY') return bindFor(type);
  const byType = new Map<string, BoundFunction>();
  return bound(ANY, (args) => {
    const v = args[0];
    if (v === null) return null;
    const actual = runtimeType(v);
    const key = actual.kind === 'DECIMAL' ? `DECIMAL${actual.scale}` : actual.kind;
    let fn = byType.get(key);
    if (fn === undefined) {
      fn = bindFor(actual);
      byType.set(key, fn);
    }
    return fn.call(args);
  });
}
