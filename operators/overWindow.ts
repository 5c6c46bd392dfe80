import type { OperatorFunction } from 'rxjs';
import { FerrisError } from '../lib/types/errors.js';
import type { Message } from '../lib/types/message.js';
import { decodeState, encodeState, type StateValue } from '../lib/types/stateCodec.js';
import type { Row, Value } from '../lib/types/value.js';
import type { GroupKey } from './aggregation/grouping.js';
import { eventTimeOf } from './aggregation/eventTimeOf.js';
import { evaluateRow } from './analytic/evaluate.js';
import { reachOf, type WindowFunction } from './analytic/windowFunctions.js';
import { WindowPartition, type PartitionOrder } from './analytic/windowPartition.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/** Configuration of {@link overWindow}. */
export interface OverWindowConfig {
  /** The partition of a row (a compiled PARTITION BY; one partition without it). */
  readonly partitionOf: (row: Row) => GroupKey;
  /** The ORDER BY of the window; `position` is the event time when rows are released by watermark. */
  readonly order: PartitionOrder;
  /**
   * `watermark`: the first ORDER BY key is the event time (ascending) and a row is emitted once
   * the watermark has passed it and every row its functions read ahead; `end`: every row is
   * held until the input ends (an order that is not event time, or functions that need the
   * whole partition), so only bounded input suits it.
   */
  readonly release: 'watermark' | 'end';
  /** The window functions; output rows are the input row followed by one value per function. */
  readonly functions: readonly WindowFunction[];
  /**
   * With `watermark` release: a partition without rows for this long (event time, ms) ends and
   * is forgotten (checked each time the watermark has moved a quarter of it on: after at most
   * 1.25 × this long).
   */
  readonly expireAfter?: number;
  /** Receives a row whose event time the watermark has already passed (its place in the order was emitted). */
  readonly onLate?: (row: Row, eventTime: number) => void;
  /** Receives a row without a usable event time (with `watermark` release). */
  readonly onRowError?: RowErrorHandler;
  /** Checkpoints and shutdown (the runtime's context of the node); standalone in memory by default. */
  readonly state?: OperatorStateContext;
}

/**
 * Analytic window functions (`f(...) OVER (PARTITION BY ... ORDER BY ...)`): appends to each
 * row the value of every function over its partition, in ORDER BY order. With `watermark`
 * release, rows wait, sorted per partition, until the watermark passes their event time, so
 * input out of order within the watermark bound gives the same values as sorted input; a row
 * that reads ahead (LEAD, a frame to n FOLLOWING) also waits for those rows, or for the end of
 * its partition (end of input, or idle expiry), where LEAD gives its default. The forwarded
 * watermark is held back to the oldest row still waiting. State: `partitions` (per partition
 * the rows still read or waiting, RANK and running aggregates), snapshotted at barriers.
 *
 * ```text
 * source:  -a--w--b--v---|    a = [k @1 5], [k @3 7]   b = [k @2 6]   w = watermark 2   v = watermark 4
 * overWindow(PARTITION BY k ORDER BY time: ROW_NUMBER(), LAG(x))
 * result:  ----(cw)--(dv)|    c = [k @1 5 1 NULL]   d = [k @2 6 2 5], [k @3 7 3 6]
 * ```
 * Watermark 2 has passed @1 only; @2 arrives after @3 but not late (2 ≥ 2) and is sorted in
 * before it; watermark 4 passes both.
 */
export function overWindow(config: OverWindowConfig): OperatorFunction<Message, Message> {
  const { functions, order, partitionOf } = config;
  const reach = reachOf(functions);
  const byWatermark = config.release === 'watermark';
  const position = order.position;
  if (position === undefined && (byWatermark || reach.aheadRange > 0 || reach.behindRange > 0)) {
    throw new FerrisError('INTERNAL', 'overWindow: release by watermark and RANGE offsets need order.position (the numeric ORDER BY key)');
  }
  const onRowError = config.onRowError ?? failOnRowError;
  const aggregates = functions.map((fn) => (fn.kind === 'aggregate' ? fn.aggregate : undefined));
  const runs = functions.map((fn) => fn.kind === 'aggregate' && fn.frame.start.kind === 'unbounded');
  return statefulOperator(config.state ?? standaloneState('overWindow'), () => {
    let partitions = new Map<GroupKey, WindowPartition>();
    /** The partitions holding rows not emitted yet (the only ones a watermark can release from). */
    const waiting = new Set<WindowPartition>();
    /** The watermark at the last expiry sweep (every quarter of `expireAfter` of event time). */
    let sweptAt = -Infinity;
    /** The last watermark forwarded (held back to the oldest row waiting). */
    let forwarded = -Infinity;
    const scratch = functions.map((fn) => new Array<Value>(fn.kind === 'aggregate' ? fn.aggregate.args.length : 0));
    const newPartition = (): WindowPartition =>
      new WindowPartition(
        order,
        functions.map((fn, i) => (fn.kind === 'aggregate' && runs[i] ? { accumulator: fn.aggregate.create(), next: 0 } : undefined)),
      );
    const emitOne = (partition: WindowPartition, size: number | undefined, out: Row[]): void => {
      const p = partition.emitted;
      if (p < reach.head) partition.head[p] = partition.row(p);
      out.push(evaluateRow(partition, p, functions, size, scratch));
      partition.emitted++;
    };
    /** Emits every row the watermark and the rows held allow, then forgets rows no function reads any more. */
    const release = (partition: WindowPartition, watermark: number, out: Row[]): void => {
      let settled = partition.emitted;
      while (settled < partition.end && position!(partition.row(settled)) < watermark) settled++;
      while (
        partition.emitted < settled &&
        partition.emitted + reach.aheadRows < settled &&
        position!(partition.row(partition.emitted)) + reach.aheadRange < watermark
      ) {
        emitOne(partition, undefined, out);
      }
      forgetRead(partition);
    };
    const forgetRead = (partition: WindowPartition): void => {
      const next = partition.emitted;
      let from = next - reach.behindRows;
      if (reach.peerStart && next < partition.end) from = Math.min(from, partition.peerStart(next));
      if (reach.behindRange > 0 && next > partition.base) from = Math.min(from, partition.firstFrom(position!(partition.row(next - 1)) - reach.behindRange));
      for (const running of partition.running) if (running !== undefined) from = Math.min(from, running.next);
      partition.dropBefore(from);
    };
    const finish = (partition: WindowPartition, out: Row[]): void => {
      if (!byWatermark) partition.sortPending();
      while (partition.emitted < partition.end) emitOne(partition, partition.end, out);
    };
    return {
      tables: {
        partitions: {
          snapshot: () => [...partitions].map(([key, partition]): StateValue => [encodeState(key), partition.snapshot(aggregates)]),
          restore(image) {
            partitions = new Map();
            waiting.clear();
            for (const [key, image_] of image as [StateValue, StateValue][]) {
              const partition = WindowPartition.restore(image_, order, aggregates);
              partitions.set(decodeState(key) as GroupKey, partition);
              if (partition.emitted < partition.end) waiting.add(partition);
            }
          },
        },
        // Only an operator released by watermark holds the watermark back, and only one whose partitions expire sweeps.
        ...(byWatermark
          ? {
              forwarded: {
                snapshot: () => encodeState(forwarded),
                restore(image: StateValue) {
                  forwarded = decodeState(image) as number;
                },
              },
            }
          : {}),
        ...(config.expireAfter === undefined
          ? {}
          : {
              sweptAt: {
                snapshot: () => encodeState(sweptAt),
                restore(image: StateValue) {
                  sweptAt = decodeState(image) as number;
                },
              },
            }),
      },
      onData(rows, watermark) {
        for (const row of rows) {
          let time = 0;
          if (byWatermark) {
            const ts = eventTimeOf(row, position!, onRowError);
            if (ts === undefined) continue;
            if (ts < watermark) {
              config.onLate?.(row, ts);
              continue;
            }
            time = ts;
          }
          const key = partitionOf(row);
          let partition = partitions.get(key);
          if (partition === undefined) partitions.set(key, (partition = newPartition()));
          if (!byWatermark) {
            partition.append(row);
            continue;
          }
          partition.insert(row);
          waiting.add(partition);
          if (time > partition.lastPosition) partition.lastPosition = time;
        }
        return [];
      },
      onWatermark(watermark) {
        const out: Row[] = [];
        if (!byWatermark) return out;
        for (const partition of waiting) {
          release(partition, watermark, out);
          if (partition.emitted === partition.end) waiting.delete(partition);
        }
        const expireAfter = config.expireAfter;
        if (expireAfter !== undefined && watermark - sweptAt >= expireAfter / 4) {
          sweptAt = watermark;
          for (const [key, partition] of partitions) {
            if (partition.lastPosition >= watermark - expireAfter) continue;
            finish(partition, out);
            partitions.delete(key);
            waiting.delete(partition);
          }
        }
        return out;
      },
      forwardWatermark(watermark) {
        if (!byWatermark) return -Infinity;
        let oldest = watermark;
        for (const partition of waiting) oldest = Math.min(oldest, position!(partition.row(partition.emitted)));
        if (oldest <= forwarded) return -Infinity;
        return (forwarded = oldest);
      },
      onEnd() {
        const out: Row[] = [];
        for (const partition of partitions.values()) finish(partition, out);
        partitions.clear();
        waiting.clear();
        return out;
      },
      pending: () => {
        let rows = 0;
        for (const partition of partitions.values()) rows += partition.end - partition.emitted;
        return { windows: 0, rows };
      },
    };
  });
}
