import { isDecimal, type Decimal } from '../types/decimal.js';
import type { SqlTypeKind } from '../types/sqlType.js';
import type { Row, Value } from '../types/value.js';
import type { ComparisonOp } from '../../operators/batchLoop.js';
import type { BoundExpr } from './boundExpr.js';

/*
 * Comparisons of an expression with a constant, specialised at plan time. The generic path
 * calls the operands' closures, then the bound kernel through its NULL wrapper, then an order
 * function dispatching on the runtime representation: four calls per row for `price > 100`.
 * Here one closure reads the operand and compares it with the constant directly:
 *
 * - a DECIMAL operand against a numeric constant that is exact at the operand's scale: the
 *   constant is rescaled once, so a value of that scale on the integer fast path compares its
 *   unscaled integer (any other value takes the bound kernel, exact as before);
 * - INTEGER, BOOLEAN, TIMESTAMP, DATE, INTERVAL against a constant of the same kind, and
 *   STRING `=`/`<>` against a string: the native operators, as the bound kernel uses them.
 *
 * Results are those of the bound kernel (NULL when the operand is NULL).
 */

/** A compiled expression over a positional row. */
type Compiled = (row: Row) => Value;

/** The comparison operators, and which signs of `operand − constant` each accepts. */
const ACCEPTS: { readonly [op: string]: number } = {
  // bit 0: below, bit 1: equal, bit 2: above
  '<': 0b001,
  '<=': 0b011,
  '=': 0b010,
  '>=': 0b110,
  '>': 0b100,
  '<>': 0b101,
};

/** The operator with its operands swapped (`5 < x` is `x > 5`). */
const SWAPPED: { readonly [op: string]: string } = { '<': '>', '<=': '>=', '=': '=', '>=': '<=', '>': '<', '<>': '<>' };

/** Kinds whose JS values (number or bigint, boolean) order correctly with the native operators. */
const NATIVE_KINDS: ReadonlySet<SqlTypeKind> = new Set(['INTEGER', 'BOOLEAN', 'TIMESTAMP', 'DATE', 'INTERVAL']);

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * A comparison of an expression with a constant, analysed at plan time, with the operator
 * turned so that the operand is on its left (`5 < x` is `x > 5`).
 */
export type ConstantComparison =
  /** A DECIMAL operand; `unscaled` is the constant at the operand's `scale`; `general` is the bound kernel in the written order. */
  | { readonly family: 'decimal'; readonly operand: BoundExpr; readonly op: ComparisonOp; readonly scale: number; readonly unscaled: number; readonly general: (v: Value) => Value }
  /** INTEGER, BOOLEAN, TIMESTAMP, DATE, INTERVAL against a constant of the same kind. */
  | { readonly family: 'native'; readonly operand: BoundExpr; readonly op: ComparisonOp; readonly constant: number | bigint | boolean }
  /** STRING `=` (or `<>`, `negated`) against a string. */
  | { readonly family: 'string'; readonly operand: BoundExpr; readonly negated: boolean; readonly constant: string };

/**
 * The analysis of `expr` (a bound `binary` node) as a comparison with a constant, or undefined
 * when it has no constant side or no faster form than the bound kernel.
 */
export function constantComparison(expr: Extract<BoundExpr, { kind: 'binary' }>): ConstantComparison | undefined {
  if (ACCEPTS[expr.op] === undefined) return undefined;
  const constantRight = expr.right.kind === 'literal';
  if (!constantRight && expr.left.kind !== 'literal') return undefined;
  const operand = constantRight ? expr.left : expr.right;
  const constant = constantRight ? expr.right : expr.left;
  if (operand.kind === 'literal' || constant.kind !== 'literal' || constant.value === null) return undefined;
  const op = (constantRight ? expr.op : SWAPPED[expr.op]!) as ComparisonOp;
  const kernel = expr.kernel;
  const value = constant.value;
  const type = operand.type;

  if (type.kind === 'DECIMAL') {
    const unscaled = unscaledAt(value, type.scale);
    if (unscaled === undefined) return undefined;
    // The bound kernel with the operands in their written order, for values off the fast path.
    const general = constantRight ? (v: Value) => kernel.call(v, value) : (v: Value) => kernel.call(value, v);
    return { family: 'decimal', operand, op, scale: type.scale, unscaled, general };
  }
  if (NATIVE_KINDS.has(type.kind) && constant.type.kind === type.kind) {
    return { family: 'native', operand, op, constant: value as number | bigint | boolean };
  }
  if (type.kind === 'STRING' && constant.type.kind === 'STRING' && (expr.op === '=' || expr.op === '<>')) {
    return { family: 'string', operand, negated: expr.op === '<>', constant: value as string };
  }
  return undefined;
}

/**
 * A specialised closure for a comparison of `expr` (a bound `binary` node) with a constant,
 * or undefined when it has no constant side or no faster form than the bound kernel.
 * `compile` compiles the non-constant operand.
 */
export function compileConstantComparison(
  expr: Extract<BoundExpr, { kind: 'binary' }>,
  compile: (e: BoundExpr) => Compiled,
): Compiled | undefined {
  const comparison = constantComparison(expr);
  if (comparison === undefined) return undefined;
  const operand = compile(comparison.operand);
  switch (comparison.family) {
    case 'decimal': {
      const { scale, unscaled, general } = comparison;
      const mask = ACCEPTS[comparison.op]!;
      return (row) => {
        const v = operand(row);
        if (v === null) return null;
        const d = v as Decimal;
        if (d.scale !== scale || d.big !== null) return general(v);
        const u = d.unscaled;
        return ((mask >> (u < unscaled ? 0 : u > unscaled ? 2 : 1)) & 1) === 1;
      };
    }
    case 'native': {
      const mask = ACCEPTS[comparison.op]!;
      const c = comparison.constant as number;
      return (row) => {
        const v = operand(row) as number | null;
        if (v === null) return null;
        return ((mask >> (v < c ? 0 : v > c ? 2 : 1)) & 1) === 1;
      };
    }
    case 'string': {
      const { constant, negated } = comparison;
      return (row) => {
        const v = operand(row);
        return v === null ? null : (v === constant) !== negated;
      };
    }
  }
}

/** Exact powers of ten as doubles (10^0 … 10^22). */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The unscaled value of a numeric constant at `scale`, when that is exact and a safe integer
 * (100 at scale 4 is 1000000; 0.00001 has none at scale 4).
 */
function unscaledAt(value: Value, scale: number): number | undefined {
  let unscaled: number;
  let from: number;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return undefined;
    unscaled = value;
    from = 0;
  } else if (isDecimal(value) && value.big === null) {
    unscaled = value.unscaled;
    from = value.scale;
  } else {
    return undefined;
  }
  const k = Math.abs(scale - from);
  if (k >= POW10.length) return undefined;
  if (from > scale) return unscaled % POW10[k]! === 0 ? unscaled / POW10[k]! : undefined;
  const u = unscaled * POW10[k]!;
  return u <= MAX_SAFE && u >= -MAX_SAFE ? u + 0 : undefined;
}
