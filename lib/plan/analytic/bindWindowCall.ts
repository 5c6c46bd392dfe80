import type { CallExpr, Expr } from '../../sql/ast.js';
import { toSql } from '../../sql/toSql.js';
import { lookupAggregate } from '../../aggregates/registry.js';
import { commonSuperType } from '../../functions/operators.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { DOUBLE, formatType, INTEGER, NULL_TYPE } from '../../types/sqlType.js';
import type { BoundExpr } from '../boundExpr.js';
import { bindExpr, type ExprContext } from '../bindExpr.js';
import { coerceTo } from '../coerce.js';
import { bindAggregateCall } from '../aggregation/bindAggregation.js';
import type { SortKey } from '../logicalPlan.js';
import { bindFrame } from './bindFrame.js';
import type { WindowCall } from './windowCall.js';

const RANKING = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'CUME_DIST']);

/** The OVER clause's context for its calls: its ORDER BY and, in the row-buffer form, its buffer size. */
export interface WindowContext {
  readonly orderBy: readonly SortKey[];
  readonly bufferRows: number | undefined;
}

/**
 * Binds one `f(...) OVER (...)` call over the input: a ranking function, LAG/LEAD, a value
 * function (FIRST_VALUE, LAST_VALUE, NTH_VALUE) or an aggregate over its frame. Arguments that
 * must be constants (offsets, bucket counts) are checked here; a frame on a function that has
 * none (ranking, LAG, LEAD) is an error rather than ignored.
 */
export function bindWindowCall(call: CallExpr, ctx: ExprContext, window: WindowContext): WindowCall {
  const name = call.name.text.toUpperCase();
  const text = toSql(call);
  const spec = call.over!;
  const args = call.args;
  if (RANKING.has(name) || name === 'NTILE' || name === 'LAG' || name === 'LEAD') {
    if (spec.frame !== null) throw new FerrisError('SQL_BIND', `${name} takes no frame (ROWS/RANGE ...): it reads whole rows of its partition; remove the frame`, { location: spec.frame.loc });
    if (call.distinct || call.star) throw new FerrisError('SQL_BIND', `${name} takes neither DISTINCT nor *`, { location: call.loc });
  }
  if (RANKING.has(name)) {
    arity(call, name, 0, 0);
    const kind = name.toLowerCase() as 'row_number' | 'rank' | 'dense_rank' | 'percent_rank' | 'cume_dist';
    return { kind, type: kind === 'percent_rank' || kind === 'cume_dist' ? DOUBLE : INTEGER, text };
  }
  if (name === 'NTILE') {
    arity(call, name, 1, 1);
    return { kind: 'ntile', buckets: constantCount(args[0]!, ctx, 'the number of NTILE buckets', 1), type: INTEGER, text };
  }
  if (name === 'LAG' || name === 'LEAD') {
    arity(call, name, 1, 3);
    const value = bindExpr(args[0]!, ctx);
    const offset = args[1] === undefined ? 1 : constantCount(args[1], ctx, `the ${name} offset`, 0);
    if (window.bufferRows !== undefined && offset >= window.bufferRows) {
      throw new FerrisError('SQL_BIND', `${name} offset ${offset} reaches beyond ROWS WINDOW BUFFER ${window.bufferRows} ROWS (offsets up to ${window.bufferRows - 1}); use a larger buffer or the standard OVER (...)`, {
        location: args[1]!.loc,
      });
    }
    const fallback: BoundExpr = args[2] === undefined ? { kind: 'literal', value: null, type: NULL_TYPE, text: 'NULL' } : bindExpr(args[2], ctx);
    const type = commonSuperType(value.type, fallback.type);
    if (!type) throw new FerrisError('SQL_TYPE', `the ${name} default '${fallback.text}' is ${formatType(fallback.type)}, the value '${value.text}' ${formatType(value.type)}`, { location: args[2]!.loc });
    return { kind: name === 'LAG' ? 'lag' : 'lead', value: coerceTo(value, type, call.loc), offset, fallback: coerceTo(fallback, type, call.loc), type, text };
  }
  const frame = bindFrame(spec, window.orderBy, window.bufferRows);
  if (name === 'FIRST_VALUE' || name === 'LAST_VALUE' || name === 'NTH_VALUE') {
    if (call.distinct || call.star) throw new FerrisError('SQL_BIND', `${name} takes neither DISTINCT nor *`, { location: call.loc });
    arity(call, name, name === 'NTH_VALUE' ? 2 : 1, name === 'NTH_VALUE' ? 2 : 1);
    const value = bindExpr(args[0]!, ctx);
    if (name === 'NTH_VALUE') return { kind: 'nth_value', value, n: constantCount(args[1]!, ctx, 'the NTH_VALUE position', 1), frame, type: value.type, text };
    return { kind: name === 'FIRST_VALUE' ? 'first_value' : 'last_value', value, frame, type: value.type, text };
  }
  if (lookupAggregate(name) === undefined) {
    throw new FerrisError('SQL_BIND', `${name} is neither a window function nor an aggregate, so it takes no OVER (...)`, { location: call.name.loc });
  }
  const aggregate = bindAggregateCall(call, ctx, text);
  return { kind: 'aggregate', aggregate, frame, type: aggregate.bound.returnType, text };
}

function arity(call: CallExpr, name: string, min: number, max: number): void {
  if (call.args.length >= min && call.args.length <= max) return;
  const expected = min === max ? `${min}` : `${min} to ${max}`;
  throw new FerrisError('SQL_BIND', `${name} takes ${expected} argument(s), got ${call.args.length}`, { location: call.loc });
}

/** A constant whole number ≥ `min` (an offset, a bucket count, a position). */
function constantCount(arg: Expr, ctx: ExprContext, what: string, min: number): number {
  const bound = bindExpr(arg, ctx);
  const value = bound.kind === 'literal' ? bound.value : undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    if (bound.kind !== 'literal') throw notSupported(`${what} as an expression ('${bound.text}'); write a constant`, arg.loc);
    throw new FerrisError('SQL_BIND', `${what} must be a whole number ≥ ${min}, got ${bound.text}`, { location: arg.loc });
  }
  return value;
}
