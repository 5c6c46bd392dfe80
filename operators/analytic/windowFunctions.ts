import type { Row, Value } from '../../lib/types/value.js';
import type { AggregateBinding } from '../aggregation/grouping.js';

/**
 * One end of a window frame, relative to the current row of a partition in ORDER BY order.
 * `unbounded`: the first row (as a start) or the last row (as an end) of the partition;
 * `rows`: the row `offset` rows away (negative: preceding); `peers`: the first (start) or last
 * (end) row that sorts equal to the current one (RANGE CURRENT ROW); `range`: the first (start)
 * or last (end) row whose ORDER BY position is within `offset` of the current row's.
 */
export type FrameEdge =
  | { readonly kind: 'unbounded' }
  | { readonly kind: 'rows'; readonly offset: number }
  | { readonly kind: 'peers' }
  | { readonly kind: 'range'; readonly offset: number };

/** The frame of a frame-based function: the rows from `start` to `end`, both included. */
export interface Frame {
  readonly start: FrameEdge;
  readonly end: FrameEdge;
}

/**
 * A window function compiled for {@link overWindow}: what it computes for the current row
 * of a partition, with its arguments as closures over the input row.
 */
export type WindowFunction =
  | { readonly kind: 'row_number' | 'rank' | 'dense_rank' | 'percent_rank' | 'cume_dist' }
  | { readonly kind: 'ntile'; readonly buckets: number }
  | {
      readonly kind: 'lag' | 'lead';
      readonly value: (row: Row) => Value;
      readonly offset: number;
      /** The value when there is no row `offset` away (evaluated on the current row). */
      readonly fallback: (row: Row) => Value;
    }
  | { readonly kind: 'first_value' | 'last_value'; readonly value: (row: Row) => Value; readonly frame: Frame }
  | { readonly kind: 'nth_value'; readonly value: (row: Row) => Value; readonly n: number; readonly frame: Frame }
  | { readonly kind: 'aggregate'; readonly aggregate: AggregateBinding; readonly frame: Frame };

/**
 * How far from the current row a set of functions reads: what a partition must keep of the
 * rows already emitted (`behind*`, `head`) and what must have arrived after a row before it can
 * be emitted (`ahead*`). `whole` means some function needs the complete partition (NTILE,
 * PERCENT_RANK, CUME_DIST, a frame to UNBOUNDED FOLLOWING): rows are emitted at its end only.
 */
export interface WindowReach {
  readonly whole: boolean;
  readonly aheadRows: number;
  /** ORDER BY distance (ms of event time for a time order) a RANGE frame reads ahead. */
  readonly aheadRange: number;
  readonly behindRows: number;
  readonly behindRange: number;
  /** How many of the partition's first rows are kept for ever (FIRST_VALUE, NTH_VALUE from UNBOUNDED PRECEDING). */
  readonly head: number;
  /** Whether a frame starts at the current row's first peer (RANGE CURRENT ROW as a start). */
  readonly peerStart: boolean;
}

function frameOf(fn: WindowFunction): Frame | undefined {
  return 'frame' in fn ? fn.frame : undefined;
}

function edgeRows(edge: FrameEdge): number {
  return edge.kind === 'rows' ? edge.offset : 0;
}

function edgeRange(edge: FrameEdge): number {
  return edge.kind === 'range' ? edge.offset : 0;
}

/** The reach of a set of window functions over one partitioning and order. */
export function reachOf(functions: readonly WindowFunction[]): WindowReach {
  let whole = false;
  let aheadRows = 0;
  let aheadRange = 0;
  let behindRows = 1;
  let behindRange = 0;
  let head = 0;
  let peerStart = false;
  for (const fn of functions) {
    if (fn.kind === 'ntile' || fn.kind === 'percent_rank' || fn.kind === 'cume_dist') whole = true;
    if (fn.kind === 'lag') behindRows = Math.max(behindRows, fn.offset);
    if (fn.kind === 'lead') aheadRows = Math.max(aheadRows, fn.offset);
    const frame = frameOf(fn);
    if (frame === undefined) continue;
    if (frame.end.kind === 'unbounded') whole = true;
    for (const edge of [frame.start, frame.end]) {
      aheadRows = Math.max(aheadRows, edgeRows(edge));
      behindRows = Math.max(behindRows, -edgeRows(edge));
      aheadRange = Math.max(aheadRange, edgeRange(edge));
      behindRange = Math.max(behindRange, -edgeRange(edge));
    }
    if (frame.start.kind === 'peers') peerStart = true;
    if (frame.start.kind === 'unbounded' && (fn.kind === 'first_value' || fn.kind === 'nth_value')) head = Math.max(head, fn.kind === 'nth_value' ? fn.n : 1);
  }
  return { whole, aheadRows, aheadRange, behindRows, behindRange, head, peerStart };
}
