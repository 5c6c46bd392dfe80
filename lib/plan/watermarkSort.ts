import type { SourceLocation } from '../types/errors.js';
import { notSupported } from '../types/errors.js';
import type { BoundExpr } from './boundExpr.js';
import type { LogicalPlan, SortKey } from './logicalPlan.js';
import type { Scope } from './scope.js';

/** What a sort over an unbounded input needs to know of the query around it. */
export interface WatermarkSortInput {
  /** The input below the sort (after WHERE). */
  readonly input: LogicalPlan;
  /** The bound ORDER BY keys. */
  readonly keys: readonly SortKey[];
  readonly scope: Scope;
  /** The unbounded sources read (for the error). */
  readonly unbounded: readonly string[];
  /** How many partitions the source reads, when known (watermarks wait for each). */
  readonly partitions: number | undefined;
  /** Where the ORDER BY is. */
  readonly at: SourceLocation;
}

/**
 * ORDER BY without aggregation over an unbounded input, "ordered per watermark": when the
 * leading key is the input's event time (its `event.time.field` column, or `_event_time`)
 * ascending, the rows are released in that order as the watermark passes them, so the plan is
 * a sort of scope `watermark` over watermarks assigned from that event time (a LIMIT above it
 * keeps the first rows in that order). Any other ORDER BY (another leading key, DESC, no event
 * time) could never emit, and is refused saying which forms work.
 */
export function sortPerWatermark(request: WatermarkSortInput): LogicalPlan {
  const { input, keys, scope, unbounded, at } = request;
  const eventTime = scope.eventTime;
  const leading = keys[0]!;
  const sources = unbounded.map((id) => `'${id}'`).join(', ');
  if (eventTime === undefined || !isEventTime(leading.expr, eventTime) || leading.descending) {
    const why =
      eventTime === undefined
        ? 'this input has no event time (a subquery or union hides it)'
        : `the leading key is ${leading.expr.text}${leading.descending ? ' DESC' : ''}, not the event time ${eventTime.text} ascending`;
    throw notSupported(
      `ORDER BY over the unbounded source ${sources}: its rows never all arrive, so only an order by event time can emit (rows released as the watermark passes them), and ${why}. ` +
        `Write ORDER BY ${eventTime?.text ?? '<event time>'} [ASC][, ...] ('event.time.field' chooses the column), sort within a window (GROUP BY TUMBLE(...) ... ORDER BY), ` +
        'or read bounded input (a file source without watching) to sort it, with LIMIT for a top-N',
      at,
    );
  }
  const partition = scope.relations[0]?.columns.find((c) => c.system && c.name === '_partition');
  const watermarked: LogicalPlan = {
    op: 'watermark',
    input,
    eventTime,
    partition: partition && { kind: 'column', index: partition.index, type: partition.type, text: '_partition' },
    expectedPartitions: request.partitions,
    columns: input.columns,
  };
  return { op: 'sort', input: watermarked, keys: [{ ...leading, expr: eventTime }, ...keys.slice(1)], scope: 'watermark', limit: undefined, columns: input.columns };
}

/** Whether an ORDER BY key is the event time: the same expression, or the INTEGER (epoch ms) column the event time converts. */
function isEventTime(key: BoundExpr, eventTime: BoundExpr): boolean {
  if (key.kind === 'column' && eventTime.kind === 'column') return key.index === eventTime.index;
  if (key.kind === eventTime.kind && key.text === eventTime.text) return true;
  return (
    key.kind === 'column' &&
    key.type.kind === 'INTEGER' &&
    eventTime.kind === 'cast' &&
    eventTime.operand.kind === 'column' &&
    eventTime.operand.index === key.index
  );
}
