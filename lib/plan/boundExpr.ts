import type { BoundFunction } from '../functions/types.js';
import type { BoundBinary } from '../functions/operators.js';
import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';

/**
 * An expression after binding: names resolved to column indices of the input row, types
 * checked, functions and operators specialised. `text` is the SQL it came from (EXPLAIN).
 */
export type BoundExpr =
  | BoundColumn
  | BoundLiteral
  | BoundCall
  | BoundBinaryExpr
  | BoundUnary
  | BoundLogical
  | BoundNot
  | BoundIs
  | BoundDistinctFrom
  | BoundInList
  | BoundLike
  | BoundCase
  | BoundCast
  | BoundFieldAccess
  | BoundIndex;

interface BoundBase {
  readonly type: SqlType;
  readonly text: string;
}

/** Column `index` of the input row. */
export interface BoundColumn extends BoundBase {
  readonly kind: 'column';
  readonly index: number;
}

/** A constant. */
export interface BoundLiteral extends BoundBase {
  readonly kind: 'literal';
  readonly value: Value;
}

/** A scalar function call. */
export interface BoundCall extends BoundBase {
  readonly kind: 'call';
  readonly name: string;
  readonly fn: BoundFunction;
  readonly args: readonly BoundExpr[];
  readonly deterministic: boolean;
}

/** An arithmetic, comparison or concatenation operator with its specialised kernel. */
export interface BoundBinaryExpr extends BoundBase {
  readonly kind: 'binary';
  readonly op: string;
  readonly kernel: BoundBinary;
  readonly left: BoundExpr;
  readonly right: BoundExpr;
}

/** Unary minus with its specialised kernel. */
export interface BoundUnary extends BoundBase {
  readonly kind: 'negate';
  readonly call: (value: Value) => Value;
  readonly operand: BoundExpr;
}

/** AND / OR with SQL three-valued logic. */
export interface BoundLogical extends BoundBase {
  readonly kind: 'and' | 'or';
  readonly left: BoundExpr;
  readonly right: BoundExpr;
}

/** NOT with three-valued logic (NOT NULL is NULL). */
export interface BoundNot extends BoundBase {
  readonly kind: 'not';
  readonly operand: BoundExpr;
}

/** `x IS [NOT] NULL|TRUE|FALSE`: never NULL. */
export interface BoundIs extends BoundBase {
  readonly kind: 'is';
  readonly what: 'NULL' | 'TRUE' | 'FALSE';
  readonly negated: boolean;
  readonly operand: BoundExpr;
}

/** `a IS [NOT] DISTINCT FROM b`: NULL-safe equality. */
export interface BoundDistinctFrom extends BoundBase {
  readonly kind: 'distinct_from';
  readonly negated: boolean;
  readonly left: BoundExpr;
  readonly right: BoundExpr;
}

/** `x [NOT] IN (list)`, each item compared with its specialised `=` kernel. */
export interface BoundInList extends BoundBase {
  readonly kind: 'in_list';
  readonly negated: boolean;
  readonly operand: BoundExpr;
  readonly items: readonly { readonly expr: BoundExpr; readonly equals: BoundBinary }[];
}

/** `x [NOT] LIKE|ILIKE pattern`; `matcher` is set when the pattern is a constant. */
export interface BoundLike extends BoundBase {
  readonly kind: 'like';
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
  readonly escape: string | undefined;
  readonly operand: BoundExpr;
  readonly pattern: BoundExpr;
  readonly matcher: ((s: string) => boolean) | undefined;
}

/** A searched CASE (a simple CASE is bound as a searched one). */
export interface BoundCase extends BoundBase {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[];
  readonly otherwise: BoundExpr;
}

/** CAST from the operand's type to `type`. */
export interface BoundCast extends BoundBase {
  readonly kind: 'cast';
  readonly operand: BoundExpr;
}

/** `struct.field` (also `map.key`). */
export interface BoundFieldAccess extends BoundBase {
  readonly kind: 'field';
  readonly operand: BoundExpr;
  readonly field: string;
}

/** `array[i]` (1-based, as SQL) or `map['key']`. */
export interface BoundIndex extends BoundBase {
  readonly kind: 'index';
  readonly operand: BoundExpr;
  readonly index: BoundExpr;
}

/** The column indices an expression reads. */
export function columnsOf(expr: BoundExpr, into: Set<number> = new Set()): Set<number> {
  visitBound(expr, (e) => {
    if (e.kind === 'column') into.add(e.index);
  });
  return into;
}

/** Calls `visit` on the expression and every sub-expression, parents first. */
export function visitBound(expr: BoundExpr, visit: (e: BoundExpr) => void): void {
  visit(expr);
  for (const child of childrenOf(expr)) visitBound(child, visit);
}

/** The direct sub-expressions of an expression. */
export function childrenOf(expr: BoundExpr): BoundExpr[] {
  switch (expr.kind) {
    case 'column':
    case 'literal':
      return [];
    case 'call':
      return [...expr.args];
    case 'binary':
    case 'and':
    case 'or':
    case 'distinct_from':
      return [expr.left, expr.right];
    case 'negate':
    case 'not':
    case 'is':
    case 'cast':
    case 'field':
      return [expr.operand];
    case 'in_list':
      return [expr.operand, ...expr.items.map((i) => i.expr)];
    case 'like':
      return [expr.operand, expr.pattern];
    case 'case':
      return [...expr.whens.flatMap((w) => [w.when, w.then]), expr.otherwise];
    case 'index':
      return [expr.operand, expr.index];
  }
}

/** Whether the expression gives the same result for the same row every time (no NOW()). */
export function isDeterministic(expr: BoundExpr): boolean {
  let deterministic = true;
  visitBound(expr, (e) => {
    if (e.kind === 'call' && !e.deterministic) deterministic = false;
  });
  return deterministic;
}
