import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import { decodeRow, encodeRow, type StateValue } from '../lib/types/stateCodec.js';
import type { Row, Value } from '../lib/types/value.js';
import { eventTimeOf } from './aggregation/eventTimeOf.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/** Configuration of {@link orderPerWatermark}. */
export interface OrderPerWatermarkConfig {
  /** The event time of a row (epoch ms): the leading ORDER BY key, ascending. */
  readonly eventTime: (row: Row) => Value;
  /** The whole ORDER BY as a comparator (event time first, then the other keys). */
  readonly compare: (a: Row, b: Row) => number;
  /** A row is held until the watermark passes its event time plus this (ms); default 0. */
  readonly allowedLateness?: number;
  /** Receives a row whose place in the order was already released (its event time is behind the watermark), with that time. */
  readonly onLate?: (row: Row, releasedBefore: number) => void;
  /** Receives a row without a usable event time (a bad record). */
  readonly onRowError?: RowErrorHandler;
  /** Checkpoints (the runtime's context of the node); standalone in memory by default. */
  readonly state?: OperatorStateContext;
}

/**
 * ORDER BY on unbounded input whose leading key is the event time, ascending: rows are held
 * until the watermark passes their event time (plus `allowedLateness`), then released sorted
 * by the whole ORDER BY, before the watermark is forwarded. So the output is in event-time
 * order as far as the watermark can tell. A row behind the watermark when it arrives would
 * break that order: it goes to `onLate` (late.data.strategy), not to the output. The end of
 * input releases everything. The sort is stable: rows that compare equal keep their input
 * order. State: `rows` (the rows held, in arrival order), snapshotted at every barrier.
 *
 * ```text
 * source:  -a--w--b---v---|        a = [5, 2]   w = wm(4)   b = [6, 9]   v = wm(8)
 * orderPerWatermark(ts ascending)
 * result:  ----(xw)---(yv)(z|)     x = [2]   y = [5, 6]   z = [9]
 * ```
 */
export function orderPerWatermark(config: OrderPerWatermarkConfig): OperatorFunction<Message, Message> {
  const { eventTime, compare } = config;
  const lateness = config.allowedLateness ?? 0;
  const onRowError = config.onRowError ?? failOnRowError;
  const onLate = config.onLate ?? (() => undefined);
  return statefulOperator(config.state ?? standaloneState('orderPerWatermark'), () => {
    let held: Row[] = [];
    /** The rows whose event time the watermark has passed, sorted; the others stay held. */
    const release = (watermark: number): Row[] => {
      const out: Row[] = [];
      const kept: Row[] = [];
      for (const row of held) {
        const ts = eventTime(row) as number;
        if (ts + lateness < watermark) out.push(row);
        else kept.push(row);
      }
      held = kept;
      return out.sort(compare);
    };
    return {
      tables: {
        rows: {
          snapshot: () => held.map((row): StateValue => encodeRow(row)),
          restore(image) {
            held = (image as StateValue[]).map(decodeRow);
          },
        },
      },
      onData(rows, watermark) {
        for (const row of rows) {
          const ts = eventTimeOf(row, eventTime, onRowError);
          if (ts === undefined) continue;
          if (ts + lateness < watermark) onLate(row, watermark);
          else held.push(row);
        }
        return [];
      },
      onWatermark: release,
      onEnd: () => release(Infinity),
      pending: () => ({ windows: 0, rows: held.length }),
    };
  });
}
