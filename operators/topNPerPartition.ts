import type { OperatorFunction } from 'rxjs';
import { FerrisError } from '../lib/types/errors.js';
import type { Message } from '../lib/types/message.js';
import { decodeRow, decodeState, encodeRow, encodeState, type StateValue } from '../lib/types/stateCodec.js';
import type { Row } from '../lib/types/value.js';
import type { GroupKey } from './aggregation/grouping.js';
import { TopRows, type RankingKind } from './analytic/topRows.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';

/** Configuration of {@link topNPerPartition}. */
export interface TopNPerPartitionConfig {
  /** The partition of a row (a compiled PARTITION BY; one partition without it). */
  readonly partitionOf: (row: Row) => GroupKey;
  /** The ORDER BY of the window as a comparator (negative: `a` first). */
  readonly compare: (a: Row, b: Row) => number;
  /** The ranking function whose value must be at most `limit`. */
  readonly limitBy: RankingKind;
  /** The largest value of `limitBy` kept (≥ 1). */
  readonly limit: number;
  /** The ranking functions of the window; output rows are the input row followed by one value per function. */
  readonly functions: readonly RankingKind[];
  /** Checkpoints and shutdown (the runtime's context of the node); standalone in memory by default. */
  readonly state?: OperatorStateContext;
}

/**
 * Top-N per partition over a bounded input: the rows of `overWindow` (release at the end)
 * with ROW_NUMBER, RANK or DENSE_RANK, filtered to `limitBy ≤ limit`, without holding every
 * row. Each partition keeps only the rows that can still rank within the limit (RANK keeps
 * every row tied at the boundary, DENSE_RANK every row of the first `limit` values); a row
 * sorting after a full top is dropped on arrival. At the end of input each partition's rows are
 * emitted in ORDER BY order (ties in arrival order), partitions in order of first appearance,
 * exactly the rows and values `overWindow` followed by the filter gives. Watermarks are held
 * (every row waits for the end, as with `overWindow`); barriers snapshot `partitions`.
 *
 * ```text
 * source:  -a--w--b-|     a = [k 3], [j 1], [k 5]   b = [k 5], [k 1]   w = watermark 9
 * topNPerPartition(PARTITION BY key ORDER BY x DESC, RANK() ≤ 1)
 * result:  ---------(c|)  c = [k 5 1], [k 5 1], [j 1 1]
 * ```
 * [k 3] is dropped when [k 5] arrives, [k 1] on arrival; the two [k 5] tie at rank 1.
 */
export function topNPerPartition(config: TopNPerPartitionConfig): OperatorFunction<Message, Message> {
  const { partitionOf, compare, limitBy, limit, functions } = config;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new FerrisError('INTERNAL', `topNPerPartition: the limit must be a whole number ≥ 1, got ${limit}`);
  return statefulOperator(config.state ?? standaloneState('topNPerPartition'), () => {
    let partitions = new Map<GroupKey, TopRows>();
    return {
      tables: {
        partitions: {
          snapshot: () => [...partitions].map(([key, top]): StateValue => [encodeState(key), top.rows.map(encodeRow)]),
          restore(image) {
            partitions = new Map();
            for (const [key, rows] of image as [StateValue, StateValue[]][]) {
              const top = new TopRows(compare, limitBy, limit);
              top.restore(rows.map(decodeRow));
              partitions.set(decodeState(key) as GroupKey, top);
            }
          },
        },
      },
      onData(rows) {
        for (const row of rows) {
          const key = partitionOf(row);
          let top = partitions.get(key);
          if (top === undefined) partitions.set(key, (top = new TopRows(compare, limitBy, limit)));
          top.offer(row);
        }
        return [];
      },
      forwardWatermark: () => -Infinity,
      onEnd() {
        const out: Row[] = [];
        for (const top of partitions.values()) top.ranked(functions, out);
        partitions.clear();
        return out;
      },
      pending: () => {
        let rows = 0;
        for (const top of partitions.values()) rows += top.rows.length;
        return { windows: 0, rows };
      },
    };
  });
}
