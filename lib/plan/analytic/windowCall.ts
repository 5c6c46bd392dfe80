import type { SqlType } from '../../types/sqlType.js';
import type { BoundExpr } from '../boundExpr.js';
import type { AggregateCall } from '../logicalPlan.js';

/**
 * One end of a bound window frame (see operators/analytic/windowFunctions.ts for its meaning):
 * `rows` and `range` offsets are signed (negative: PRECEDING); a RANGE offset over a time
 * order is in ms.
 */
export type FrameEdgeSpec =
  | { readonly kind: 'unbounded' }
  | { readonly kind: 'rows'; readonly offset: number }
  | { readonly kind: 'peers' }
  | { readonly kind: 'range'; readonly offset: number };

/** A bound frame: the rows from `start` to `end`, both included. */
export interface FrameSpec {
  readonly start: FrameEdgeSpec;
  readonly end: FrameEdgeSpec;
}

/** A window function call of a SELECT list, bound over the input of its OVER node. */
export type WindowCall = {
  readonly text: string;
  readonly type: SqlType;
} & (
  | { readonly kind: 'row_number' | 'rank' | 'dense_rank' | 'percent_rank' | 'cume_dist' }
  | { readonly kind: 'ntile'; readonly buckets: number }
  | { readonly kind: 'lag' | 'lead'; readonly value: BoundExpr; readonly offset: number; readonly fallback: BoundExpr }
  | { readonly kind: 'first_value' | 'last_value'; readonly value: BoundExpr; readonly frame: FrameSpec }
  | { readonly kind: 'nth_value'; readonly value: BoundExpr; readonly n: number; readonly frame: FrameSpec }
  | { readonly kind: 'aggregate'; readonly aggregate: AggregateCall; readonly frame: FrameSpec }
);

/** How long an idle partition of an OVER window is kept: `EXPIRE AFTER ...`, `EXPIRE AFTER NEVER`, or `state.ttl` when unset. */
export type PartitionExpiry = { readonly kind: 'after'; readonly ms: number } | { readonly kind: 'never' } | { readonly kind: 'state_ttl' };
