import type { Row, Value } from '../types/value.js';
import type { BoundExpr } from './boundExpr.js';

/** A compiled expression over a positional row. */
type Compiled = (row: Row) => Value;

/**
 * Compiles `x [NOT] IN (items)`. A STRING operand against string constants, or an INTEGER
 * operand against integer constants, tests one `Set` built at plan time (or scans a short list
 * with `===`) instead of calling an equality kernel per item: the `=` kernels of those types are the native `==`, which is
 * what `Set` membership is for strings and for numbers (an INTEGER value beyond 2^53 is a
 * bigint and takes the item-by-item path). Otherwise each item is compared with its bound
 * `=` kernel: TRUE when one is equal, else NULL when the operand or an item was NULL, else FALSE
 * (negated for NOT IN).
 */
export function compileInList(expr: Extract<BoundExpr, { kind: 'in_list' }>, compile: (e: BoundExpr) => Compiled): Compiled {
  const negated = expr.negated;
  const operand = compile(expr.operand);
  const items = expr.items.map((i) => ({ item: compile(i.expr), equals: i.equals.call.bind(i.equals) }));
  const general = (v: Value, row: Row): Value => {
    let sawNull = false;
    for (let i = 0; i < items.length; i++) {
      const result = items[i]!.equals(v, items[i]!.item(row));
      if (result === true) return !negated;
      if (result === null) sawNull = true;
    }
    return sawNull ? null : negated;
  };
  const constants = constantSet(expr);
  if (constants === undefined) {
    return (row) => {
      const v = operand(row);
      return v === null ? null : general(v, row);
    };
  }
  const numeric = expr.operand.type.kind === 'INTEGER';
  if (constants.size > SCAN_LIMIT) {
    return (row) => {
      const v = operand(row);
      if (v === null) return null;
      if (numeric && typeof v !== 'number') return general(v, row);
      return constants.has(v as string | number) !== negated;
    };
  }
  const list = [...constants];
  return (row) => {
    const v = operand(row);
    if (v === null) return null;
    if (numeric && typeof v !== 'number') return general(v, row);
    for (let i = 0; i < list.length; i++) if (list[i] === v) return !negated;
    return negated;
  };
}

/**
 * Up to this many constants are scanned with `===` rather than looked up in the `Set`: a few
 * identity or length checks cost less than hashing (the values of a column are often the very
 * string objects of the constants).
 */
const SCAN_LIMIT = 8;

/**
 * The constants of `x [NOT] IN (items)` when the operand is STRING and the items are at most
 * {@link SCAN_LIMIT} non-NULL string constants (then `===` one by one is the test), else undefined.
 */
export function scannedStrings(expr: Extract<BoundExpr, { kind: 'in_list' }>): readonly string[] | undefined {
  if (expr.operand.type.kind !== 'STRING') return undefined;
  const constants = constantSet(expr);
  return constants === undefined || constants.size > SCAN_LIMIT ? undefined : ([...constants] as string[]);
}

/** The items as a set, when the operand is STRING (INTEGER) and every item a non-NULL string (safe-integer number) constant. */
function constantSet(expr: Extract<BoundExpr, { kind: 'in_list' }>): Set<string | number> | undefined {
  const kind = expr.operand.type.kind;
  if (kind !== 'STRING' && kind !== 'INTEGER') return undefined;
  const set = new Set<string | number>();
  for (const { expr: item } of expr.items) {
    if (item.kind !== 'literal' || item.type.kind !== kind) return undefined;
    const v = item.value;
    if (kind === 'STRING' ? typeof v !== 'string' : !Number.isSafeInteger(v)) return undefined;
    set.add(v as string | number);
  }
  return set;
}
