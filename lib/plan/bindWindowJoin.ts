import type { CallExpr, Expr } from '../sql/ast.js';
import { FerrisError, notSupported } from '../types/errors.js';
import { formatType } from '../types/sqlType.js';
import { MAX_HOP_PANES_PER_WINDOW } from './aggregation/windowOf.js';
import type { BoundExpr } from './boundExpr.js';
import { bindExpr, type ExprContext } from './bindExpr.js';
import type { JoinWindow } from './joinNode.js';
import { intervalMillis } from './literals.js';

/** Both sides in the same tumbling or hopping window: each side's time (over the joined row) and the window. */
export interface WindowJoinCondition {
  readonly leftTime: BoundExpr;
  readonly rightTime: BoundExpr;
  readonly window: JoinWindow;
}

function windowCall(expr: Expr): CallExpr | undefined {
  if (expr.type !== 'call') return undefined;
  const name = expr.name.text.toUpperCase();
  return name === 'TUMBLE' || name === 'HOP' || name === 'SESSION' ? expr : undefined;
}

/** The window of one side's call: `TUMBLE(t.ts, size)` or `HOP(t.ts, slide, size)`; SESSION fails as not supported. */
function windowOfCall(call: CallExpr): JoinWindow {
  const name = call.name.text.toUpperCase();
  if (name === 'SESSION') {
    throw notSupported('a join on SESSION windows (a session depends on the rows of its side); join on TUMBLE or HOP windows, or bound the join with BETWEEN', call.loc);
  }
  const durations = call.args.slice(1);
  const arity = name === 'TUMBLE' ? 2 : 3;
  if (call.args.length !== arity || durations.some((d) => d.type !== 'interval')) {
    const form = name === 'TUMBLE' ? "TUMBLE(t.ts, INTERVAL '1' MINUTE)" : "HOP(t.ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE) (slide, then size)";
    throw new FerrisError('SQL_BIND', `${name} in ON takes a time column and ${arity - 1 === 1 ? 'a duration' : 'two durations'}: ${form}`, { location: call.loc });
  }
  const [slide, size] = durations.map((d) => intervalMillis(d as Extract<Expr, { type: 'interval' }>));
  return name === 'TUMBLE' ? { kind: 'TUMBLE', size: slide!, slide: slide! } : { kind: 'HOP', size: size!, slide: slide! };
}

/**
 * `TUMBLE(a.ts, d) = TUMBLE(b.ts, d)` or `HOP(a.ts, slide, size) = HOP(b.ts, slide, size)` in
 * ON, with a and b on different sides and the same window: a windowed join (both rows in the
 * same window; on hopping windows, a pair once per window both rows are in), which also bounds
 * the pair: |a.ts − b.ts| < size. SESSION windows in ON fail as not supported; anything else is
 * not a window condition.
 */
export function windowJoinOf(expr: Expr, ctx: ExprContext, width: number): WindowJoinCondition | undefined {
  if (expr.type !== 'binary' || expr.op !== '=') return undefined;
  const a = windowCall(expr.left);
  const b = windowCall(expr.right);
  if (!a || !b) return undefined;
  const window = windowOfCall(a);
  const other = windowOfCall(b);
  if (window.kind !== other.kind || window.size !== other.size || window.slide !== other.slide || !(window.size > 0 && window.slide > 0)) {
    throw new FerrisError('SQL_BIND', 'a windowed join needs both sides in the same kind of window, of the same positive size (and slide)', { location: expr.loc });
  }
  if (window.size / window.slide > MAX_HOP_PANES_PER_WINDOW) {
    throw new FerrisError(
      'SQL_BIND',
      `a join on hopping windows of size ${window.size} ms and slide ${window.slide} ms puts every row in more than ${MAX_HOP_PANES_PER_WINDOW} windows (a pair is emitted once per window); use a longer slide or a shorter size`,
      { location: expr.loc },
    );
  }
  const times = [a, b].map((call) => {
    const time = bindExpr(call.args[0]!, ctx);
    if (time.type.kind !== 'TIMESTAMP') {
      throw new FerrisError('SQL_TYPE', `${window.kind} in ON needs a TIMESTAMP, but '${time.text}' is ${formatType(time.type)}`, { location: call.args[0]!.loc });
    }
    return { time, left: sideIsLeft(time, width) };
  });
  const [first, second] = times as [(typeof times)[0], (typeof times)[0]];
  if (first.left === undefined || second.left === undefined || first.left === second.left) {
    throw new FerrisError('SQL_BIND', `a windowed join compares a time column of each side: ${window.kind}(a.ts, ...) = ${window.kind}(b.ts, ...)`, { location: expr.loc });
  }
  const [left, right] = first.left ? [first.time, second.time] : [second.time, first.time];
  return { leftTime: left, rightTime: right, window };
}

/** Whether an expression reads only the left side (true), only the right (false), or neither alone. */
function sideIsLeft(expr: BoundExpr, width: number): boolean | undefined {
  if (expr.kind !== 'column') return undefined;
  return expr.index < width;
}
