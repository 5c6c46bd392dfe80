import type { CallExpr, Expr, IntervalLiteral, Located, SelectQuery } from '../../sql/ast.js';
import { FerrisError } from '../../types/errors.js';
import type { BoundExpr } from '../boundExpr.js';
import { bindExpr, type ExprContext } from '../bindExpr.js';
import { intervalMillis } from '../literals.js';
import type { WindowKind } from '../logicalPlan.js';

/** A query's window: its kind and sizes, and the event time it assigns rows by. */
export interface QueryWindow {
  readonly window: WindowKind;
  readonly eventTime: BoundExpr;
}

const WINDOW_CALLS = new Set(['TUMBLE', 'HOP', 'SESSION']);

/**
 * The most panes a hopping window may merge: size / gcd(size, slide), which is at least
 * size / slide. Each row registers size/slide windows and each closing window merges that many
 * panes per key, so a finer window costs time and memory in proportion (1 day / 1 ms would be
 * 86,400,000 windows per row). 10,000 allows 1 hour / 1 second and 1 day / 10 seconds.
 */
export const MAX_HOP_PANES_PER_WINDOW = 10_000;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A hopping window, refused when it would merge more than {@link MAX_HOP_PANES_PER_WINDOW} panes per window. */
function hopWindow(size: number, slide: number, at: Located): WindowKind {
  const ratio = size / slide;
  if (ratio > MAX_HOP_PANES_PER_WINDOW) {
    throw new FerrisError(
      'SQL_BIND',
      `a hopping window of size ${size} ms and slide ${slide} ms has a size/slide ratio of ${formatRatio(ratio)}, more than the ${MAX_HOP_PANES_PER_WINDOW} allowed (every row would belong to that many windows); use a longer slide or a shorter size`,
      { location: at.loc },
    );
  }
  const panes = size / gcd(size, slide);
  if (panes > MAX_HOP_PANES_PER_WINDOW) {
    throw new FerrisError(
      'SQL_BIND',
      `a hopping window of size ${size} ms and slide ${slide} ms (size/slide ratio ${formatRatio(ratio)}) merges size/gcd(size, slide) = ${panes} panes per window, more than the ${MAX_HOP_PANES_PER_WINDOW} allowed; use a slide that divides the size`,
      { location: at.loc },
    );
  }
  return { kind: 'hop', size, slide };
}

function formatRatio(ratio: number): string {
  return Number.isInteger(ratio) ? String(ratio) : ratio.toFixed(2);
}

/** Whether a GROUP BY item is a window call (`TUMBLE(ts, size)`, `HOP(ts, slide, size)`, `SESSION(ts, gap)`). */
export function isWindowCall(expr: Expr): expr is CallExpr {
  return expr.type === 'call' && WINDOW_CALLS.has(expr.name.text.toUpperCase());
}

function duration(expr: Expr | undefined, what: string, at: Expr): number {
  if (expr === undefined || expr.type !== 'interval') {
    throw new FerrisError('SQL_BIND', `${what} must be a duration, e.g. INTERVAL '5' SECONDS or 5s`, { location: (expr ?? at).loc });
  }
  const ms = intervalMillis(expr);
  if (!(ms > 0)) throw new FerrisError('SQL_BIND', `${what} must be longer than 0`, { location: expr.loc });
  return ms;
}

function timeOf(expr: Expr | null, ctx: ExprContext, at: Expr | IntervalLiteral): BoundExpr {
  const bound = expr === null ? ctx.scope.eventTime : bindExpr(expr, ctx);
  if (bound === undefined) {
    throw new FerrisError('SQL_BIND', 'this input has no event time: name the time column of the window', { location: at.loc });
  }
  if (bound.type.kind !== 'TIMESTAMP' && bound.type.kind !== 'INTEGER') {
    throw new FerrisError('SQL_TYPE', `a window's time column must be a TIMESTAMP (or epoch ms), but '${bound.text}' is ${bound.type.kind}`, {
      location: (expr ?? at).loc,
    });
  }
  return bound;
}

/**
 * Finds the window of a SELECT: a window call in GROUP BY (Flink style) or the WINDOW clause
 * (the original's style); both at once, or two window calls, are an error.
 */
export function windowOf(select: SelectQuery, ctx: ExprContext): QueryWindow | undefined {
  const calls = select.groupBy.filter(isWindowCall);
  if (calls.length + (select.window ? 1 : 0) > 1) {
    throw new FerrisError('SQL_BIND', 'a query has at most one window (one TUMBLE/HOP/SESSION in GROUP BY, or one WINDOW clause)', {
      location: (calls[1] ?? calls[0] ?? select).loc,
    });
  }
  const call = calls[0];
  if (call) {
    const name = call.name.text.toUpperCase();
    const [time, a, b] = call.args;
    const expected = name === 'HOP' ? 3 : 2;
    if (call.args.length !== expected) {
      const shape = name === 'HOP' ? 'HOP(time, slide, size)' : `${name}(time, ${name === 'TUMBLE' ? 'size' : 'gap'})`;
      throw new FerrisError('SQL_BIND', `${shape} takes ${expected} arguments`, { location: call.loc });
    }
    const eventTime = timeOf(time!, ctx, call);
    if (name === 'TUMBLE') return { window: { kind: 'tumble', size: duration(a, 'the TUMBLE size', call) }, eventTime };
    if (name === 'HOP') {
      return { window: hopWindow(duration(b, 'the HOP size', call), duration(a, 'the HOP slide', call), call), eventTime };
    }
    return { window: { kind: 'session', gap: duration(a, 'the SESSION gap', call) }, eventTime };
  }
  const clause = select.window;
  if (!clause) return undefined;
  const eventTime = timeOf(clause.timeColumn, ctx, clause.kind === 'SESSION' ? clause.gap : clause.size);
  switch (clause.kind) {
    case 'TUMBLING':
      return { window: { kind: 'tumble', size: intervalMillis(clause.size) }, eventTime };
    case 'SLIDING':
      return { window: hopWindow(intervalMillis(clause.size), intervalMillis(clause.advance), clause), eventTime };
    case 'SESSION':
      return { window: { kind: 'session', gap: intervalMillis(clause.gap) }, eventTime };
  }
}
