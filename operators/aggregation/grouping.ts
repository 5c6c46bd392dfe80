import { decodeRow, decodeState, encodeRow, encodeState, type StateValue } from '../../lib/types/stateCodec.js';
import type { Row, Value } from '../../lib/types/value.js';
import { compileRowAdder, type RowAdder } from './rowAdder.js';

/** The incremental state of one aggregate (structurally the `Accumulator` of lib/aggregates). */
export interface RowAccumulator {
  add(args: readonly Value[]): void;
  merge(other: RowAccumulator): void;
  result(): Value;
}

/** An accumulator that also adds a DECIMAL argument given as its unscaled safe integer (structurally `UnscaledAccumulator`). */
export interface UnscaledRowAccumulator extends RowAccumulator {
  addUnscaled(unscaled: number): void;
}

/** One aggregate of a query: how to create, snapshot and restore its state, and how to read its arguments from a row. */
export interface AggregateBinding {
  create(): RowAccumulator;
  /** A JSON-safe image of an accumulator this binding created (for checkpoints). */
  snapshot(accumulator: RowAccumulator): StateValue;
  /** A new accumulator holding an image from {@link snapshot}. */
  restore(image: StateValue): RowAccumulator;
  readonly args: readonly ((row: Row) => Value)[];
  /**
   * The single argument as an unscaled integer, NaN when a row's value is off that path; set
   * only when every accumulator of this binding is an {@link UnscaledRowAccumulator} of the
   * argument's scale. A row it gives NaN for goes through `args` and `add` as usual.
   */
  readonly unscaled?: (row: Row) => number;
}

/** A hashable group key: equal GROUP BY values give equal keys (all NULLs one group). */
export type GroupKey = string | number | boolean | null;

/** How rows are grouped and what is aggregated per group. */
export interface Grouping {
  /** The group key of a row (a compiled GROUP BY). */
  readonly keyOf: (row: Row) => GroupKey;
  /** The GROUP BY values of a row, kept once per group for the output. */
  readonly keyValues: (row: Row) => Value[];
  readonly aggregates: readonly AggregateBinding[];
}

/** One group's GROUP BY values and aggregate states. */
export interface GroupState {
  readonly keyValues: Value[];
  readonly accumulators: RowAccumulator[];
}

/**
 * Adds rows to the groups of one table (a window, a pane, or the whole stream), through one
 * compiled row step (rowAdder.ts) keeping one argument array per aggregate, reused for every row.
 */
export class GroupAccumulator {
  /** Adds one row's aggregate arguments to a group's accumulators (what {@link addTo} calls; a per-row loop may call it directly). */
  readonly addRow: RowAdder;

  constructor(readonly grouping: Grouping) {
    this.addRow = compileRowAdder(grouping.aggregates);
  }

  /** A group with fresh aggregate states for the row's GROUP BY values. */
  newGroup(row: Row): GroupState {
    return { keyValues: this.grouping.keyValues(row), accumulators: this.grouping.aggregates.map((a) => a.create()) };
  }

  /** An empty group with the same key values as `like` (for merging panes or sessions). */
  emptyLike(like: GroupState): GroupState {
    return { keyValues: like.keyValues, accumulators: this.grouping.aggregates.map((a) => a.create()) };
  }

  /** Adds the row to the group of its key in `groups`, creating the group; returns the key. */
  add(groups: Map<GroupKey, GroupState>, row: Row): GroupKey {
    const key = this.grouping.keyOf(row);
    let group = groups.get(key);
    if (group === undefined) {
      group = this.newGroup(row);
      groups.set(key, group);
    }
    this.addTo(group, row);
    return key;
  }

  /** Adds the row's aggregate arguments to a group. */
  addTo(group: GroupState, row: Row): void {
    this.addRow(group.accumulators, row);
  }

  /** A JSON-safe image of a group: its GROUP BY values and its aggregate states. */
  snapshotGroup(group: GroupState): StateValue {
    const aggregates = this.grouping.aggregates;
    return [encodeRow(group.keyValues), group.accumulators.map((acc, a) => aggregates[a]!.snapshot(acc))];
  }

  /** The group of an image from {@link snapshotGroup}. */
  restoreGroup(image: StateValue): GroupState {
    const [keyValues, states] = image as [StateValue, StateValue[]];
    const aggregates = this.grouping.aggregates;
    return { keyValues: decodeRow(keyValues), accumulators: states.map((state, a) => aggregates[a]!.restore(state)) };
  }

  /** A JSON-safe image of the groups of one table, by key. */
  snapshotGroups(groups: ReadonlyMap<GroupKey, GroupState>): StateValue {
    const out: StateValue[] = [];
    for (const [key, group] of groups) out.push([encodeState(key), this.snapshotGroup(group)]);
    return out;
  }

  /** The groups of an image from {@link snapshotGroups}. */
  restoreGroups(image: StateValue): Map<GroupKey, GroupState> {
    const groups = new Map<GroupKey, GroupState>();
    for (const [key, group] of image as [StateValue, StateValue][]) groups.set(decodeState(key) as GroupKey, this.restoreGroup(group));
    return groups;
  }

  /** Folds `from` into `into`, aggregate by aggregate. */
  mergeInto(into: GroupState, from: GroupState): void {
    for (let a = 0; a < into.accumulators.length; a++) into.accumulators[a]!.merge(from.accumulators[a]!);
  }
}

/** The output row of a group: GROUP BY values, aggregate results, then any window bounds. */
export function groupRow(group: GroupState, ...bounds: number[]): Row {
  const out: Row = group.keyValues.slice();
  for (const accumulator of group.accumulators) out.push(accumulator.result());
  for (const bound of bounds) out.push(bound);
  return out;
}
