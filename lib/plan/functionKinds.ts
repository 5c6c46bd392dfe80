import type { CallExpr } from '../sql/ast.js';
import { notSupported, type FerrisError } from '../types/errors.js';

/** Aggregate functions (GROUP BY and windows, built by the aggregation issue). */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'COUNT_DISTINCT', 'APPROX_COUNT_DISTINCT', 'FIRST_VALUE', 'FIRST',
  'LAST_VALUE', 'LAST', 'STRING_AGG', 'GROUP_CONCAT', 'LISTAGG', 'COLLECT', 'MEDIAN', 'DELTA', 'STDDEV',
  'STDDEV_SAMP', 'STDDEV_POP', 'VARIANCE', 'VAR_SAMP', 'VAR_POP', 'PERCENTILE_CONT', 'PERCENTILE_DISC',
  'CORR', 'COVAR_POP', 'COVAR_SAMP', 'REGR_SLOPE', 'REGR_INTERCEPT', 'REGR_R2',
]);

/** Functions that only exist with an OVER clause. */
export const ANALYTIC_FUNCTIONS: ReadonlySet<string> = new Set([
  'LAG', 'LEAD', 'ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'CUME_DIST', 'NTILE', 'NTH_VALUE',
]);

/** Window assignment and window-bound functions of GROUP BY windows. */
export const WINDOW_FUNCTIONS: ReadonlySet<string> = new Set([
  'TUMBLE', 'HOP', 'SESSION', 'TUMBLE_START', 'TUMBLE_END', 'HOP_START', 'HOP_END', 'SESSION_START', 'SESSION_END',
]);

/**
 * The error of a call with OVER (...) where window functions cannot be: outside the select
 * list (WHERE, GROUP BY, ORDER BY) or in a query that aggregates.
 */
export function overNotSupported(call: CallExpr): FerrisError {
  return notSupported(
    `${call.name.text.toUpperCase()}(...) OVER (...) here: window functions are computed in the select list of a query without GROUP BY, DISTINCT, a window or aggregates; ` +
      'compute them in a subquery and filter, group or sort in the outer query',
    call.loc,
  );
}

/** Whether a call by this name with this many arguments is an aggregate (MIN(x) is; LEAST is not). */
export function isAggregateCall(name: string, argCount: number): boolean {
  const upper = name.toUpperCase();
  if ((upper === 'MIN' || upper === 'MAX') && argCount > 1) return false;
  return AGGREGATE_FUNCTIONS.has(upper);
}
