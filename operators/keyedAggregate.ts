import type { OperatorFunction, SchedulerLike } from 'rxjs';
import { asyncScheduler } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import { decodeState, encodeState, type StateValue } from '../lib/types/stateCodec.js';
import type { Row } from '../lib/types/value.js';
import { GroupAccumulator, groupRow, type GroupKey, type GroupState, type Grouping } from './aggregation/grouping.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';

/** Configuration of {@link keyedAggregate}. */
export interface KeyedAggregateConfig {
  readonly grouping: Grouping;
  /**
   * `changes`: after every batch, the latest row of each changed key; `final`: every key once,
   * at the end of input; `new_keys`: a key's row once, in the batch where it first appears
   * (SELECT DISTINCT).
   */
  readonly emit: 'changes' | 'final' | 'new_keys';
  /**
   * An aggregation without GROUP BY: when the input ends without a single row, it emits one
   * row of the aggregates over nothing (`COUNT(*)` 0, `SUM` NULL), as SQL does for an empty table.
   */
  readonly global?: boolean;
  /** Forget a key not updated for this many ms of processing time (`state.ttl`); undefined keeps keys forever. */
  readonly stateTtl?: number;
  /** Clock for the TTL (virtual time in tests). */
  readonly scheduler?: SchedulerLike;
  /** Told the number of keys held after every batch (the state-size metric). */
  readonly onStateSize?: (keys: number) => void;
  /** Checkpoints and shutdown (the runtime's context of the node); standalone in memory by default. */
  readonly state?: OperatorStateContext;
}

interface KeyedGroup {
  readonly group: GroupState;
  touched: number;
}

/**
 * GROUP BY without a window. With EMIT CHANGES (the default) every input batch emits the
 * current row of each key it changed, coalesced (one row per key per batch); with EMIT FINAL
 * every key emits once when the input ends. With a state TTL, keys idle for longer than the
 * TTL are forgotten, so state stays bounded over an unbounded key space. Watermarks and
 * barriers pass through. Output rows are GROUP BY values then aggregate results. Without GROUP
 * BY (`global`), an input that ends without any row still gives one row, at its end.
 *
 * ```text
 * source:  -a--b--|       a = [x, y, x]   b = [y]     COUNT(*) per key
 * keyedAggregate(EMIT CHANGES)
 * result:  -a'-b'-|       a' = [x, 2], [y, 1]   b' = [y, 2]
 *
 * source:  --W--|                                    COUNT(*), SUM(v), no GROUP BY, no rows
 * keyedAggregate(global)
 * result:  --W--(e|)      e = [0, NULL]
 * ```
 */
export function keyedAggregate(config: KeyedAggregateConfig): OperatorFunction<Message, Message> {
  const scheduler = config.scheduler ?? asyncScheduler;
  const ttl = config.stateTtl;
  return statefulOperator(config.state ?? standaloneState('keyedAggregate'), () => {
    const accumulator = new GroupAccumulator(config.grouping);
    const groups = new Map<GroupKey, KeyedGroup>();
    let lastSweep = scheduler.now();
    let sawRows = false;

    const expire = (now: number): void => {
      if (ttl === undefined || now - lastSweep < ttl / 4) return;
      lastSweep = now;
      for (const [key, keyed] of groups) if (now - keyed.touched > ttl) groups.delete(key);
    };
    const onData = (rows: readonly Row[]): Row[] => {
      const now = scheduler.now();
      expire(now);
      const changed = config.emit === 'final' ? undefined : new Set<KeyedGroup>();
      const onlyNew = config.emit === 'new_keys';
      const keyOf = config.grouping.keyOf;
      const addRow = accumulator.addRow;
      if (rows.length > 0) sawRows = true;
      for (const row of rows) {
        const key = keyOf(row);
        let keyed = groups.get(key);
        const isNew = keyed === undefined;
        if (keyed === undefined) {
          keyed = { group: accumulator.newGroup(row), touched: now };
          groups.set(key, keyed);
        }
        keyed.touched = now;
        addRow(keyed.group.accumulators, row);
        if (isNew || !onlyNew) changed?.add(keyed);
      }
      config.onStateSize?.(groups.size);
      return changed === undefined || changed.size === 0 ? [] : [...changed].map((keyed) => groupRow(keyed.group));
    };
    return {
      tables: {
        // Only an aggregate without GROUP BY needs to remember whether any row came (its empty-input row).
        ...(config.global === true
          ? {
              seen: {
                snapshot: () => sawRows,
                restore(image: StateValue) {
                  sawRows = image === true;
                },
              },
            }
          : {}),
        groups: {
          snapshot: () => [...groups].map(([key, keyed]): StateValue => [encodeState(key), accumulator.snapshotGroup(keyed.group), keyed.touched]),
          restore(image) {
            for (const [key, group, touched] of image as [StateValue, StateValue, number][]) {
              groups.set(decodeState(key) as GroupKey, { group: accumulator.restoreGroup(group), touched });
            }
          },
        },
      },
      onData,
      onEnd: () => {
        if (config.emit === 'final' && groups.size > 0) return [...groups.values()].map((keyed) => groupRow(keyed.group));
        if (config.global === true && !sawRows) {
          const nothing: GroupState = { keyValues: [], accumulators: config.grouping.aggregates.map((a) => a.create()) };
          return [groupRow(nothing)];
        }
        return [];
      },
      pending: () => ({ windows: 0, rows: config.emit === 'final' ? groups.size : 0 }),
    };
  });
}
