import type { Row, Value } from '../types/value.js';
import type { BoundExpr } from './boundExpr.js';

/*
 * AND and OR chains compiled as one closure over their operands, instead of a tree of binary
 * closures (`a AND b AND c AND d` parses as three nested ANDs: three closure calls and three
 * NULL tests per row before any operand is read). A WHERE condition needs less than the
 * three-valued result: the row is kept only when the condition is TRUE, so an AND chain stops
 * at the first operand that is not TRUE (FALSE or NULL drop the row alike) and an OR chain at
 * the first that is.
 */

/** A compiled expression over a positional row. */
type Compiled = (row: Row) => Value;

/** The operands of a chain of `kind` (`a AND (b AND c)` → [a, b, c]), left to right. */
export function chainOperands(expr: BoundExpr, kind: 'and' | 'or'): BoundExpr[] {
  if (expr.kind !== kind) return [expr];
  return [...chainOperands(expr.left, kind), ...chainOperands(expr.right, kind)];
}

/**
 * Three-valued AND over `operands` (at least two): FALSE as soon as one is FALSE, otherwise
 * NULL when one was NULL, otherwise TRUE.
 */
export function compileAnd(operands: readonly Compiled[]): Compiled {
  return (row) => {
    let sawNull = false;
    for (let i = 0; i < operands.length; i++) {
      const v = operands[i]!(row);
      if (v === false) return false;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : true;
  };
}

/**
 * Three-valued OR over `operands` (at least two): TRUE as soon as one is TRUE, otherwise NULL
 * when one was NULL, otherwise FALSE.
 */
export function compileOr(operands: readonly Compiled[]): Compiled {
  return (row) => {
    let sawNull = false;
    for (let i = 0; i < operands.length; i++) {
      const v = operands[i]!(row);
      if (v === true) return true;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : false;
  };
}

/**
 * A WHERE condition as a test: true only when the condition is TRUE. An AND chain is TRUE
 * when every operand is TRUE, an OR chain when one is, so operands after the deciding one are
 * not evaluated (SQL leaves the evaluation order open). `compile` compiles one operand.
 */
export function compileCondition(expr: BoundExpr, compile: (e: BoundExpr) => Compiled): (row: Row) => boolean {
  if (expr.kind === 'and') return allTrue(chainOperands(expr, 'and').map(compile));
  if (expr.kind === 'or') return anyTrue(chainOperands(expr, 'or').map(compile));
  const evaluate = compile(expr);
  return (row) => evaluate(row) === true;
}

/** Whether every operand is TRUE; two to four operands unrolled (the common WHERE clauses). */
function allTrue(operands: readonly Compiled[]): (row: Row) => boolean {
  const [a, b, c, d] = operands as [Compiled, Compiled, Compiled?, Compiled?];
  switch (operands.length) {
    case 2:
      return (row) => a(row) === true && b(row) === true;
    case 3:
      return (row) => a(row) === true && b(row) === true && c!(row) === true;
    case 4:
      return (row) => a(row) === true && b(row) === true && c!(row) === true && d!(row) === true;
    default:
      return (row) => {
        for (let i = 0; i < operands.length; i++) if (operands[i]!(row) !== true) return false;
        return true;
      };
  }
}

/** Whether some operand is TRUE. */
function anyTrue(operands: readonly Compiled[]): (row: Row) => boolean {
  return (row) => {
    for (let i = 0; i < operands.length; i++) if (operands[i]!(row) === true) return true;
    return false;
  };
}
