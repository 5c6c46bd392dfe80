import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import type { Row, Value } from '../lib/types/value.js';
import { eventTimeOf, windowStart } from './aggregation/eventTimeOf.js';
import { GroupAccumulator, groupRow, type GroupKey, type GroupState, type Grouping } from './aggregation/grouping.js';
import { purgeAt, type LatenessPolicy } from './aggregation/lateness.js';
import { WindowTable } from './aggregation/windowTable.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/** Configuration of {@link tumbleWindow}. */
export interface TumbleWindowConfig {
  /** Window length in ms; windows are [start, start + size), aligned to the epoch. */
  readonly size: number;
  /** The event time of a row (epoch ms). */
  readonly eventTime: (row: Row) => Value;
  readonly grouping: Grouping;
  readonly lateness: LatenessPolicy;
  readonly onRowError?: RowErrorHandler;
  /** Checkpoints and shutdown (the runtime's context of the node); standalone in memory by default. */
  readonly state?: OperatorStateContext;
}

/**
 * Tumbling-window aggregation: each row joins the window [start, start + size) of its event
 * time and the group of its key. With EMIT FINAL a window emits one row per key when the
 * watermark passes its end (plus allowed lateness), in window order, then its state is freed;
 * with EMIT CHANGES the changed rows are emitted after every batch. Output rows are GROUP BY
 * values, aggregate results, window start, window end. The end of input closes every window.
 * State: `windows` (groups by window start) and `emitted`, snapshotted at every barrier.
 *
 * ```text
 * source:  --a--b--W--c--|        a = [k1 @1]  b = [k1 @4]  W = watermark 10  c = [k1 @12]
 * tumbleWindow(size 10, COUNT(*) per key, EMIT FINAL)
 * result:  --------(xW)--(y|)    x = [k1, 2, 0, 10]   y = [k1, 1, 10, 20]
 * ```
 */
export function tumbleWindow(config: TumbleWindowConfig): OperatorFunction<Message, Message> {
  const { size, eventTime, lateness } = config;
  const onRowError = config.onRowError ?? failOnRowError;
  const endOf = (start: number): number => start + size;
  return statefulOperator(config.state ?? standaloneState('tumbleWindow'), () => {
    const accumulator = new GroupAccumulator(config.grouping);
    const table = new WindowTable(accumulator, lateness);
    const advance = (watermark: number): Row[] => {
      const out: Row[] = [];
      table.advance(watermark, endOf, (start, groups) => {
        for (const group of groups.values()) out.push(groupRow(group, start, start + size));
      });
      return out;
    };
    return {
      tables: table.tables,
      onData(rows, watermark) {
        // Rows mostly come in event-time order, so consecutive rows share a window: its groups,
        // change set and lateness are looked up once per run of rows, and no window bound is
        // computed (nor a double boxed) per row.
        let start = NaN;
        let end = NaN;
        let late = false;
        let groups: Map<GroupKey, GroupState> | undefined;
        let changes: Set<GroupKey> | undefined;
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          const ts = eventTimeOf(row, eventTime, onRowError);
          if (ts === undefined) continue;
          if (!(ts >= start && ts < end)) {
            start = windowStart(ts, size);
            end = start + size;
            late = purgeAt(lateness, end) <= watermark;
            if (!late) {
              groups = table.groupsOf(start);
              changes = table.changesOf(start, end, watermark);
            }
          }
          if (late) {
            lateness.onLate(row, end);
            continue;
          }
          const key = accumulator.add(groups!, row);
          if (changes !== undefined) changes.add(key);
        }
        return table.takeChanges(endOf);
      },
      onWatermark: advance,
      onEnd: () => advance(Infinity),
      pending: () => table.pending(),
    };
  });
}
