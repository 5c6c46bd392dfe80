import type { JoinKind } from '../sql/ast.js';
import type { BoundExpr } from './boundExpr.js';
import type { LogicalPlan, PlanColumn } from './logicalPlan.js';

/**
 * A stream joined with a table: each stream row is matched against the table as of the row's
 * event time (the latest version of each table row at or before it). The table is the right
 * input, read as a changelog: a row replaces the earlier row of its `tableKey`.
 */
export interface LookupJoin {
  readonly kind: 'lookup';
  /** The event time of a stream row (over the left row), when the table is versioned by event time. */
  readonly streamTime: BoundExpr | undefined;
  /**
   * The event time of a table row (over the right row): when it starts to apply. Undefined for
   * a table without an event-time column: every row applies from the start, and stream rows
   * wait until the whole table is loaded (its input ended).
   */
  readonly tableTime: BoundExpr | undefined;
  /** The table's PRIMARY KEY (over the right row); empty for a file table, whose rows are all kept. */
  readonly tableKey: readonly BoundExpr[];
  /** The table's name, for EXPLAIN and errors. */
  readonly tableName: string;
}

/**
 * A stream joined with a stream by an event-time interval: a left row `l` and a right row `r`
 * match when `r.time - l.time` is within `[lower, upper]` (inclusive). Each side's rows are kept
 * until the other side's watermark passes the last time they could match.
 */
export interface IntervalJoin {
  readonly kind: 'interval';
  /** The time of a left row (over the left row), epoch ms. */
  readonly leftTime: BoundExpr;
  /** The time of a right row (over the right row), epoch ms. */
  readonly rightTime: BoundExpr;
  readonly lower: number;
  readonly upper: number;
  /** For a windowed join (both rows in the same tumbling or hopping window), the window; `lower`/`upper` are then `∓(size − 1)`. */
  readonly window: JoinWindow | undefined;
  /**
   * A bound read from one side's rows (`b.date_time BETWEEN a.date_time AND a.expires`: the
   * left's `a.expires`, over the left row): a row of `side` matches only the other side's rows
   * whose time is at most `bound`, and is kept until the other side's watermark passes it; the
   * constant bound on that end is unused (`upper` is +Infinity for the left, `lower` −Infinity
   * for the right).
   */
  readonly until?: { readonly side: 'left' | 'right'; readonly bound: BoundExpr };
  /** Where the bound came from, for EXPLAIN: `BETWEEN`, `WITHIN`, `TUMBLE` or `HOP` (both rows in one window, also a key) or `state.ttl`. */
  readonly boundFrom: 'BETWEEN' | 'WITHIN' | 'TUMBLE' | 'HOP' | 'state.ttl';
}

/**
 * The window of a windowed join, aligned to the epoch: windows of `size` ms starting every
 * `slide` ms (a tumbling window has `slide = size`); a pair is joined once per window both rows are in.
 */
export interface JoinWindow {
  readonly kind: 'TUMBLE' | 'HOP';
  readonly size: number;
  readonly slide: number;
}

/**
 * `left [kind] JOIN right ON ...`. Output columns: the left's, then the right's (an outer side
 * without a match gives NULLs). The ON condition is split into equality keys (`leftKeys[i] =
 * rightKeys[i]`, each over its own side's row), the time bound of an interval join, and a
 * `residual` over the joined row that a pair must also satisfy.
 */
export interface JoinNode {
  readonly op: 'join';
  readonly kind: JoinKind;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly leftKeys: readonly BoundExpr[];
  readonly rightKeys: readonly BoundExpr[];
  readonly residual: BoundExpr | undefined;
  readonly strategy: LookupJoin | IntervalJoin;
  /**
   * Set for the lookup of a subquery (a lookup join only): each left row is kept once, followed
   * by its first match (or NULLs) and a BOOLEAN column: whether it matched. `atMostOne` is the
   * row error of a second match (a scalar subquery).
   */
  readonly probe?: { readonly atMostOne: string | undefined; readonly subquery: string };
  readonly columns: readonly PlanColumn[];
}
