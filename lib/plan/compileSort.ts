import { compareStrings, compareValues } from '../types/compare.js';
import type { Decimal } from '../types/decimal.js';
import type { SqlType } from '../types/sqlType.js';
import type { Row, Value } from '../types/value.js';
import { compileExpr } from './compileExpr.js';
import type { SortKey } from './logicalPlan.js';

/** Orders two non-null values of one kind. */
type ValueOrder = (x: Value, y: Value) => number;

/** Integers (number or bigint, which compare exactly with each other), times, dates and intervals. */
const nativeOrder: ValueOrder = (x, y) => ((x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0);

/**
 * The order of a key's values, chosen by its type at plan time: native comparison for the
 * integer-like kinds, `Decimal.compare` and code-point string order, and the generic value order
 * for the rest (DOUBLE among them: NaN sorts above every number there). Each agrees with
 * `compareValues` on its kind; sorting large inputs spent most of its time in that dispatch.
 */
function orderOf(type: SqlType): ValueOrder {
  switch (type.kind) {
    case 'INTEGER':
    case 'TIMESTAMP':
    case 'DATE':
    case 'INTERVAL':
      return nativeOrder;
    case 'DECIMAL':
      return (x, y) => (x as Decimal).compare(y as Decimal);
    case 'STRING':
      return (x, y) => compareStrings(x as string, y as string);
    default:
      return compareValues;
  }
}

/** Compiles ORDER BY keys into a row comparator (negative: `a` first), NULLs placed as each key says. */
export function compileSort(keys: readonly SortKey[]): (a: Row, b: Row) => number {
  const compiled = keys.map((k) => ({ value: compileExpr(k.expr), order: orderOf(k.expr.type), direction: k.descending ? -1 : 1, nullsFirst: k.nullsFirst }));
  return (a, b) => {
    for (const key of compiled) {
      const x = key.value(a);
      const y = key.value(b);
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === key.nullsFirst ? -1 : 1;
      }
      const order = key.order(x, y) * key.direction;
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** ORDER BY keys as EXPLAIN prints them. */
export function describeSort(keys: readonly SortKey[]): string {
  return keys.map((k) => `${k.expr.text} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
}
