import type { CallExpr, Expr } from '../sql/ast.js';
import { FerrisError, notSupported } from '../types/errors.js';
import { formatType } from '../types/sqlType.js';
import type { BoundExpr } from './boundExpr.js';
import { bindExpr, type ExprContext } from './bindExpr.js';
import { intervalMillis } from './literals.js';

/** Both sides in the same tumbling window: each side's time (over the joined row) and the window size. */
export interface WindowJoinCondition {
  readonly leftTime: BoundExpr;
  readonly rightTime: BoundExpr;
  readonly size: number;
}

function windowCall(expr: Expr): CallExpr | undefined {
  if (expr.type !== 'call') return undefined;
  const name = expr.name.text.toUpperCase();
  return name === 'TUMBLE' || name === 'HOP' || name === 'SESSION' ? expr : undefined;
}

/**
 * `TUMBLE(a.ts, INTERVAL ...) = TUMBLE(b.ts, INTERVAL ...)` in ON, with a and b on different
 * sides and the same size: a windowed join (both rows in the same tumbling window), which also
 * bounds the pair: |a.ts − b.ts| < size.
 * HOP and SESSION windows in ON fail as not supported; anything else is not a window condition.
 */
export function windowJoinOf(expr: Expr, ctx: ExprContext, width: number): WindowJoinCondition | undefined {
  if (expr.type !== 'binary' || expr.op !== '=') return undefined;
  const a = windowCall(expr.left);
  const b = windowCall(expr.right);
  if (!a || !b) return undefined;
  for (const call of [a, b]) {
    if (call.name.text.toUpperCase() !== 'TUMBLE') {
      throw notSupported(`a join on ${call.name.text.toUpperCase()} windows (a row is in several windows); join on TUMBLE windows, or bound the join with BETWEEN`, call.loc);
    }
    if (call.args.length !== 2 || call.args[1]!.type !== 'interval') {
      throw new FerrisError('SQL_BIND', "TUMBLE in ON takes a time column and a duration: TUMBLE(t.ts, INTERVAL '1' MINUTE)", { location: call.loc });
    }
  }
  const size = intervalMillis(a.args[1] as Extract<Expr, { type: 'interval' }>);
  if (size !== intervalMillis(b.args[1] as Extract<Expr, { type: 'interval' }>) || size <= 0) {
    throw new FerrisError('SQL_BIND', 'a windowed join needs both sides in windows of the same positive size', { location: expr.loc });
  }
  const times = [a, b].map((call) => {
    const time = bindExpr(call.args[0]!, ctx);
    if (time.type.kind !== 'TIMESTAMP') {
      throw new FerrisError('SQL_TYPE', `TUMBLE in ON needs a TIMESTAMP, but '${time.text}' is ${formatType(time.type)}`, { location: call.args[0]!.loc });
    }
    return { time, left: sideIsLeft(time, width) };
  });
  const [first, second] = times as [(typeof times)[0], (typeof times)[0]];
  if (first.left === undefined || second.left === undefined || first.left === second.left) {
    throw new FerrisError('SQL_BIND', 'a windowed join compares a time column of each side: TUMBLE(a.ts, ...) = TUMBLE(b.ts, ...)', { location: expr.loc });
  }
  const [left, right] = first.left ? [first.time, second.time] : [second.time, first.time];
  return { leftTime: left, rightTime: right, size };
}

/** Whether an expression reads only the left side (true), only the right (false), or neither alone. */
function sideIsLeft(expr: BoundExpr, width: number): boolean | undefined {
  if (expr.kind !== 'column') return undefined;
  return expr.index < width;
}
