import type { Row, Value } from '../types/value.js';
import { keyPart, valueKey } from '../types/valueKey.js';
import type { BoundExpr } from './boundExpr.js';
import { compileExpr } from './compileExpr.js';

/** A hashable join key of a row, or undefined when one of its values is NULL (NULL equals nothing). */
export type JoinKeyOf = (row: Row) => string | number | undefined;

/**
 * Compiles the equality keys of one side of a join: equal values (1.50 and 1.5, 2 and 2n)
 * give equal keys, as in GROUP BY, but a NULL in any key part gives no key, so a row with
 * a NULL key never matches (SQL `=`). No keys: every row has the same key.
 */
export function compileJoinKey(keys: readonly BoundExpr[]): JoinKeyOf {
  const parts = keys.map(compileExpr);
  if (parts.length === 0) return () => 0;
  if (parts.length === 1) {
    const only = parts[0]!;
    return (row) => {
      const value = only(row);
      return value === null ? undefined : valueKey(value);
    };
  }
  return (row) => {
    let key = '';
    for (const part of parts) {
      const value: Value = part(row);
      if (value === null) return undefined;
      key += keyPart(value);
    }
    return key;
  };
}
