import type { OperatorFunction } from 'rxjs';
import { Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import type { Row, Value } from '../lib/types/value.js';
import { eventTimeOf, windowStart } from './aggregation/eventTimeOf.js';
import { GroupAccumulator, groupRow, type Grouping } from './aggregation/grouping.js';
import { purgeAt, type LatenessPolicy } from './aggregation/lateness.js';
import { WindowTable } from './aggregation/windowTable.js';
import { windowedObserver } from './aggregation/windowedObserver.js';
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
}

/**
 * Tumbling-window aggregation: each row joins the window [start, start + size) of its event
 * time and the group of its key. With EMIT FINAL a window emits one row per key when the
 * watermark passes its end (plus allowed lateness), in window order, then its state is freed;
 * with EMIT CHANGES the changed rows are emitted after every batch. Output rows are GROUP BY
 * values, aggregate results, window start, window end. The end of input closes every window.
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
  return (source) =>
    new Observable<Message>((subscriber) => {
      const table = new WindowTable(new GroupAccumulator(config.grouping), lateness);
      return source.subscribe(
        windowedObserver(subscriber, {
          onRows(rows, watermark) {
            for (const row of rows) {
              const ts = eventTimeOf(row, eventTime, onRowError);
              if (ts === undefined) continue;
              const start = windowStart(ts, size);
              const end = start + size;
              if (purgeAt(lateness, end) <= watermark) lateness.onLate(row, end);
              else table.add(start, end, row, watermark);
            }
            return table.takeChanges(endOf);
          },
          advance(watermark) {
            const out: Row[] = [];
            table.advance(watermark, endOf, (start, groups) => {
              for (const group of groups.values()) out.push(groupRow(group, start, start + size));
            });
            return out;
          },
        }),
      );
    });
}
