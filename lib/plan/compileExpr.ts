import { compileLike } from '../functions/operators.js';
import { castValue } from '../types/cast.js';
import { valuesEqual } from '../types/compare.js';
import type { Row, StructValue, Value } from '../types/value.js';
import type { BoundExpr } from './boundExpr.js';
import { compileConstantComparison } from './compileComparison.js';
import { compileInList } from './compileInList.js';
import { chainOperands, compileAnd, compileCondition, compileOr } from './compileLogic.js';

/** A compiled expression: evaluates against a positional row with no name lookups. */
export type CompiledExpr = (row: Row) => Value;

/**
 * Compiles a bound expression into a closure over positional rows. Operator and function
 * kernels were chosen at bind time, so evaluation does no type dispatch; calls reuse one
 * argument array per call site.
 */
export function compileExpr(expr: BoundExpr): CompiledExpr {
  switch (expr.kind) {
    case 'column': {
      const index = expr.index;
      return (row) => row[index]!;
    }
    case 'literal': {
      const value = expr.value;
      return () => value;
    }
    case 'call':
      return compileCall(expr.fn.call.bind(expr.fn), expr.args.map(compileExpr));
    case 'binary': {
      const constant = compileConstantComparison(expr, compileExpr);
      if (constant !== undefined) return constant;
      const left = compileExpr(expr.left);
      const right = compileExpr(expr.right);
      const kernel = expr.kernel;
      return (row) => kernel.call(left(row), right(row));
    }
    case 'negate': {
      const operand = compileExpr(expr.operand);
      const negate = expr.call;
      return (row) => negate(operand(row));
    }
    case 'and':
      return compileAnd(chainOperands(expr, 'and').map(compileExpr));
    case 'or':
      return compileOr(chainOperands(expr, 'or').map(compileExpr));
    case 'not': {
      const operand = compileExpr(expr.operand);
      return (row) => {
        const v = operand(row);
        return v === null ? null : !v;
      };
    }
    case 'is':
      return compileIs(expr.what, expr.negated, compileExpr(expr.operand));
    case 'distinct_from': {
      const left = compileExpr(expr.left);
      const right = compileExpr(expr.right);
      const negated = expr.negated;
      return (row) => {
        const a = left(row);
        const b = right(row);
        const same = a === null || b === null ? a === b : valuesEqual(a, b);
        return negated ? same : !same;
      };
    }
    case 'in_list':
      return compileInList(expr, compileExpr);
    case 'like':
      return compileLikeExpr(expr);
    case 'case': {
      const whens = expr.whens.map((w) => ({ when: compileExpr(w.when), then: compileExpr(w.then) }));
      const otherwise = compileExpr(expr.otherwise);
      return (row) => {
        for (let i = 0; i < whens.length; i++) if (whens[i]!.when(row) === true) return whens[i]!.then(row);
        return otherwise(row);
      };
    }
    case 'cast': {
      const operand = compileExpr(expr.operand);
      const from = expr.operand.type;
      const to = expr.type;
      return (row) => {
        const v = operand(row);
        return v === null ? null : castValue(v, from, to);
      };
    }
    case 'field': {
      const operand = compileExpr(expr.operand);
      const field = expr.field;
      return (row) => readField(operand(row), field);
    }
    case 'index': {
      const operand = compileExpr(expr.operand);
      const index = compileExpr(expr.index);
      return (row) => readIndex(operand(row), index(row));
    }
  }
}

/** Compiles a WHERE condition: only TRUE keeps the row (NULL and FALSE drop it). */
export function compilePredicate(expr: BoundExpr): (row: Row) => boolean {
  return compileCondition(expr, compileExpr);
}

function compileCall(call: (args: Value[]) => Value, args: readonly CompiledExpr[]): CompiledExpr {
  const scratch = new Array<Value>(args.length);
  switch (args.length) {
    case 0:
      return () => call(scratch);
    case 1: {
      const a = args[0]!;
      return (row) => {
        scratch[0] = a(row);
        return call(scratch);
      };
    }
    case 2: {
      const a = args[0]!;
      const b = args[1]!;
      return (row) => {
        scratch[0] = a(row);
        scratch[1] = b(row);
        return call(scratch);
      };
    }
    default:
      return (row) => {
        for (let i = 0; i < args.length; i++) scratch[i] = args[i]!(row);
        return call(scratch);
      };
  }
}

function compileIs(what: 'NULL' | 'TRUE' | 'FALSE', negated: boolean, operand: CompiledExpr): CompiledExpr {
  const test = what === 'NULL' ? (v: Value) => v === null : what === 'TRUE' ? (v: Value) => v === true : (v: Value) => v === false;
  return negated ? (row) => !test(operand(row)) : (row) => test(operand(row));
}

function compileLikeExpr(expr: Extract<BoundExpr, { kind: 'like' }>): CompiledExpr {
  const operand = compileExpr(expr.operand);
  const negated = expr.negated;
  if (expr.matcher) {
    const matcher = expr.matcher;
    return (row) => {
      const v = operand(row);
      return v === null ? null : matcher(v as string) !== negated;
    };
  }
  const pattern = compileExpr(expr.pattern);
  let lastPattern: string | undefined;
  let lastMatcher: (s: string) => boolean = () => false;
  return (row) => {
    const v = operand(row);
    const p = pattern(row);
    if (v === null || p === null) return null;
    if (p !== lastPattern) {
      lastPattern = p as string;
      lastMatcher = compileLike(lastPattern, expr.caseInsensitive, expr.escape);
    }
    return lastMatcher(v as string) !== negated;
  };
}

function readField(value: Value, field: string): Value {
  if (value === null) return null;
  if (value instanceof Map) return value.get(field) ?? null;
  if (typeof value === 'object' && !Array.isArray(value)) return (value as StructValue)[field] ?? null;
  return null;
}

function readIndex(value: Value, index: Value): Value {
  if (value === null || index === null) return null;
  if (Array.isArray(value)) {
    const i = Number(index);
    return i >= 1 && i <= value.length ? value[i - 1]! : null;
  }
  if (value instanceof Map) return value.get(String(index)) ?? null;
  return null;
}
