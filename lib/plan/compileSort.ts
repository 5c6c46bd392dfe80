import { compareValues } from '../types/compare.js';
import type { Row } from '../types/value.js';
import { compileExpr } from './compileExpr.js';
import type { SortKey } from './logicalPlan.js';

/** Compiles ORDER BY keys into a row comparator (negative: `a` first), NULLs placed as each key says. */
export function compileSort(keys: readonly SortKey[]): (a: Row, b: Row) => number {
  const compiled = keys.map((k) => ({ value: compileExpr(k.expr), direction: k.descending ? -1 : 1, nullsFirst: k.nullsFirst }));
  return (a, b) => {
    for (const key of compiled) {
      const x = key.value(a);
      const y = key.value(b);
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === key.nullsFirst ? -1 : 1;
      }
      const order = compareValues(x, y) * key.direction;
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** ORDER BY keys as EXPLAIN prints them. */
export function describeSort(keys: readonly SortKey[]): string {
  return keys.map((k) => `${k.expr.text} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
}
