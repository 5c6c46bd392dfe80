import type { RowOutput, RowProjection, RowTest } from '../../operators/batchLoop.js';
import type { BoundExpr } from './boundExpr.js';
import { constantComparison } from './compileComparison.js';
import { compileExpr } from './compileExpr.js';
import { scannedStrings } from './compileInList.js';
import { chainOperands, compileCondition } from './compileLogic.js';

/*
 * The parts of a WHERE clause and a select list that the generated batch loops
 * (operators/batchLoop.ts) read in place: a conjunct comparing a column with a constant (or a
 * column IN a few strings) becomes a test on the row's value, a plain column an output copied,
 * an operator over two columns a call of its kernel; everything else stays a compiled closure.
 * Each gives exactly the result of the closure compileExpr builds for it
 * (lib/plan/compileComparison.ts, compileInList.ts).
 */

/**
 * The conjuncts of a WHERE condition as row tests, left to right: the row is kept when every
 * one is TRUE (the loop stops at the first that is not; SQL leaves the evaluation order open,
 * and this is the order compilePredicate evaluates too).
 */
export function filterTests(condition: BoundExpr): RowTest[] {
  return chainOperands(condition, 'and').map(rowTest);
}

/** A select list as the outputs of a generated projection. */
export function projectionOutputs(exprs: readonly BoundExpr[]): RowProjection {
  return { kind: 'outputs', outputs: exprs.map(rowOutput) };
}

function rowOutput(expr: BoundExpr): RowOutput {
  if (expr.kind === 'column') return { kind: 'column', index: expr.index };
  // An operator over two columns: its bound kernel, as compileExpr calls it (no constant side, so no specialised comparison).
  if (expr.kind === 'binary' && expr.left.kind === 'column' && expr.right.kind === 'column') {
    return { kind: 'columns_kernel', kernel: expr.kernel, left: expr.left.index, right: expr.right.index };
  }
  return { kind: 'computed', compute: compileExpr(expr) };
}

/** One conjunct as a test read in place when it has such a form, else as its compiled condition. */
function rowTest(conjunct: BoundExpr): RowTest {
  if (conjunct.kind === 'binary') {
    const comparison = constantComparison(conjunct);
    if (comparison !== undefined && comparison.operand.kind === 'column') {
      const column = comparison.operand.index;
      switch (comparison.family) {
        case 'decimal':
          return { kind: 'decimal', column, op: comparison.op, scale: comparison.scale, unscaled: comparison.unscaled, general: comparison.general };
        case 'native':
          return { kind: 'native', column, op: comparison.op, constant: comparison.constant };
        case 'string':
          return { kind: 'string_equals', column, negated: comparison.negated, constant: comparison.constant };
      }
    }
  }
  if (conjunct.kind === 'in_list' && conjunct.operand.kind === 'column') {
    const constants = scannedStrings(conjunct);
    if (constants !== undefined) return { kind: 'string_in', column: conjunct.operand.index, negated: conjunct.negated, constants };
  }
  return { kind: 'predicate', test: compileCondition(conjunct, compileExpr) };
}
