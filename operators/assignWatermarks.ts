import type { OperatorFunction, SchedulerLike } from 'rxjs';
import { asyncScheduler, Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import type { Row, Value } from '../lib/types/value.js';
import { decodeState, encodeState } from '../lib/types/stateCodec.js';
import { FerrisError } from '../lib/types/errors.js';
import { forwardingObserver } from './forwardingObserver.js';
import type { OperatorStateContext } from './internal/statefulOperator.js';

/** Configuration of {@link assignWatermarks}. */
export interface AssignWatermarksConfig {
  /** The event time of a row (epoch ms). Rows without one are passed on (the window operator routes them). */
  readonly eventTime: (row: Row) => Value;
  /** The partition (Kafka partition, file index) a row came from: watermarks are tracked per partition. */
  readonly partitionOf: (row: Row) => Value;
  /** Bounded out-of-orderness (ms): the watermark trails the largest event time seen by this much. */
  readonly maxOutOfOrderness: number;
  /** A partition without rows for this long (processing time, ms) no longer holds the watermark back. */
  readonly idleTimeout?: number;
  /**
   * How many partitions the source will read: no watermark is emitted before each has sent a
   * row (or, with an idle timeout, before the timeout has passed since the stream started).
   */
  readonly expectedPartitions?: number;
  /** Clock for idleness (virtual time in tests). */
  readonly scheduler?: SchedulerLike;
  /**
   * Checkpoints: at a barrier the largest event time of each partition and the watermark
   * emitted are snapshotted (table `partitions`); a restored operator continues from them, so
   * a resumed job does not wait again for partitions that have no new rows.
   */
  readonly state?: OperatorStateContext;
}

interface PartitionClock {
  maxEventTime: number;
  lastActive: number;
}

/**
 * Assigns in-band watermarks after a source: per partition, the largest event time seen minus
 * the out-of-orderness bound; the stream's watermark is the minimum over partitions that are
 * not idle, emitted after the batch that advanced it. Data passes unchanged; upstream
 * watermarks are replaced by these, except a source's report about one partition (a watermark
 * with `partition`, from a scaled-out job's repartition markers), which counts as that
 * partition's largest event time, as a row of it would. With `state`, a barrier is forwarded after the snapshot of
 * the partitions' event times went to the snapshot sink.
 *
 * ```text
 * source:  -a----b----c----|     a = [p0 @10, p1 @7]  b = [p0 @20]  c = [p1 @15]   bound 2
 * assignWatermarks
 * result:  -(aw)-b----(cv)-|     w = min(10, 7) − 2 = 5   (b moves p0 only)   v = min(20, 15) − 2 = 13
 *
 * source:  -a----m----|          a = [p0 @10]   m = p1 reached @30 (a marker)   bound 0, 2 partitions
 * result:  -a----v----|          no watermark until p1 is heard of; v = min(10, 30) = 10
 * ```
 */
export function assignWatermarks(config: AssignWatermarksConfig): OperatorFunction<Message, Message> {
  const scheduler = config.scheduler ?? asyncScheduler;
  const { eventTime, partitionOf, maxOutOfOrderness, idleTimeout } = config;
  return (source) =>
    new Observable<Message>((subscriber) => {
      const partitions = new Map<Value, PartitionClock>();
      const startedAt = scheduler.now();
      let emitted = -Infinity;
      const state = config.state;
      if (state?.restore !== undefined) {
        const { operatorId, tables, watermark } = state.restore;
        if (operatorId !== state.id || tables.partitions === undefined) throw new FerrisError('INTERNAL', `the snapshot of ${operatorId} cannot be restored into ${state.id}`);
        for (const [partition, maxEventTime] of decodeState(tables.partitions) as [Value, number][]) partitions.set(partition, { maxEventTime, lastActive: startedAt });
        emitted = decodeState(watermark) as number;
      }
      const current = (now: number): number => {
        const waiting = config.expectedPartitions !== undefined && partitions.size < config.expectedPartitions;
        if (waiting && (idleTimeout === undefined || now - startedAt <= idleTimeout)) return -Infinity;
        let min = Infinity;
        for (const clock of partitions.values()) {
          if (idleTimeout !== undefined && now - clock.lastActive > idleTimeout) continue;
          min = Math.min(min, clock.maxEventTime);
        }
        return min === Infinity ? -Infinity : min - maxOutOfOrderness;
      };
      return source.subscribe(
        forwardingObserver(subscriber, (message: Message) => {
          if (message.kind === 'watermark') {
            // A partition's progress reported by the source (a repartition marker); other upstream watermarks are replaced.
            if (message.partition === undefined) return;
            const now = scheduler.now();
            const known = partitions.get(message.partition);
            if (known === undefined) partitions.set(message.partition, { maxEventTime: message.ts, lastActive: now });
            else {
              known.maxEventTime = Math.max(known.maxEventTime, message.ts);
              known.lastActive = now;
            }
            const watermark = current(now);
            if (watermark > emitted) {
              emitted = watermark;
              subscriber.next({ kind: 'watermark', ts: watermark });
            }
            return;
          }
          if (message.kind === 'barrier') {
            state?.snapshots.put({
              operatorId: state.id,
              epoch: message.epoch,
              watermark: encodeState(emitted),
              tables: { partitions: encodeState([...partitions].map(([partition, clock]) => [partition, clock.maxEventTime])) },
            });
            subscriber.next(message);
            return;
          }
          const now = scheduler.now();
          const rows = message.rows;
          let lastPartition: Value | undefined;
          let clock: PartitionClock | undefined;
          // The largest event time of the current run of rows from one partition, kept in a
          // local and stored into its clock when the partition changes and at the end.
          let max = -Infinity;
          for (let i = 0; i < rows.length; i++) {
            const row = rows[i]!;
            const ts = eventTime(row);
            if (typeof ts !== 'number' || !Number.isFinite(ts)) continue;
            const partition = partitionOf(row);
            if (partition !== lastPartition || clock === undefined) {
              if (clock !== undefined && max > clock.maxEventTime) clock.maxEventTime = max;
              clock = partitions.get(partition);
              if (clock === undefined) {
                clock = { maxEventTime: -Infinity, lastActive: now };
                partitions.set(partition, clock);
              }
              lastPartition = partition;
              clock.lastActive = now;
              max = clock.maxEventTime;
            }
            if (ts > max) max = ts;
          }
          if (clock !== undefined && max > clock.maxEventTime) clock.maxEventTime = max;
          subscriber.next(message);
          const watermark = current(now);
          if (watermark > emitted) {
            emitted = watermark;
            subscriber.next({ kind: 'watermark', ts: watermark });
          }
        }),
      );
    });
}
