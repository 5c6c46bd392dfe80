import type { StateValue } from '../../lib/types/stateCodec.js';
import type { Row } from '../../lib/types/value.js';
import type { PendingOutput, StateTable } from '../internal/statefulOperator.js';
import { GroupAccumulator, groupRow, type GroupKey, type GroupState } from './grouping.js';
import { firstEmitAt, purgeAt, type LatenessPolicy } from './lateness.js';

/**
 * The groups of fixed windows (tumbling windows, or the panes of hopping ones) by window start,
 * with what changed since the last emission. Shared bookkeeping of the window operators.
 */
export class WindowTable {
  readonly windows = new Map<number, Map<GroupKey, GroupState>>();
  private readonly emitted = new Set<number>();
  private readonly changed = new Map<number, Set<GroupKey>>();
  private lastStart = NaN;
  private lastGroups: Map<GroupKey, GroupState> | undefined;

  /** The declared state: the groups of every window by start, and the starts already emitted. */
  readonly tables: { readonly windows: StateTable; readonly emitted: StateTable } = {
    windows: {
      snapshot: () => [...this.windows].map(([start, groups]): StateValue => [start, this.accumulator.snapshotGroups(groups)]),
      restore: (image) => {
        this.windows.clear();
        this.lastStart = NaN;
        this.lastGroups = undefined;
        for (const [start, groups] of image as [number, StateValue][]) this.windows.set(start, this.accumulator.restoreGroups(groups));
      },
    },
    emitted: {
      snapshot: () => [...this.emitted],
      restore: (image) => {
        this.emitted.clear();
        for (const start of image as number[]) this.emitted.add(start);
      },
    },
  };

  constructor(
    readonly accumulator: GroupAccumulator,
    private readonly lateness: LatenessPolicy,
  ) {}

  /** The windows that have not emitted a final row yet, and their groups (EMIT CHANGES has emitted everything). */
  pending(): PendingOutput {
    if (this.lateness.emit === 'changes') return { windows: 0, rows: 0 };
    let windows = 0;
    let rows = 0;
    for (const [start, groups] of this.windows) {
      if (this.emitted.has(start)) continue;
      windows++;
      rows += groups.size;
    }
    return { windows, rows };
  }

  /** The groups of the window starting at `start`, created empty on first use. */
  groupsOf(start: number): Map<GroupKey, GroupState> {
    if (start === this.lastStart) return this.lastGroups!;
    let groups = this.windows.get(start);
    if (groups === undefined) {
      groups = new Map();
      this.windows.set(start, groups);
    }
    this.lastStart = start;
    this.lastGroups = groups;
    return groups;
  }

  /**
   * Where to note the keys of rows added to the window [start, end) under `watermark`, when
   * they must be re-emitted (EMIT CHANGES, or updates of a window already emitted); undefined
   * when they need not.
   */
  changesOf(start: number, end: number, watermark: number): Set<GroupKey> | undefined {
    const emit = this.lateness.emit;
    if (emit !== 'changes' && (emit !== 'update' || end > watermark)) return undefined;
    let keys = this.changed.get(start);
    if (keys === undefined) {
      keys = new Set();
      this.changed.set(start, keys);
    }
    return keys;
  }

  /** Output rows of the windows and keys changed since the last call (EMIT CHANGES, late updates). */
  takeChanges(endOf: (start: number) => number): Row[] {
    const out: Row[] = [];
    for (const start of [...this.changed.keys()].sort((a, b) => a - b)) {
      const groups = this.windows.get(start);
      if (groups === undefined) continue;
      for (const key of this.changed.get(start)!) out.push(groupRow(groups.get(key)!, start, endOf(start)));
    }
    this.changed.clear();
    return out;
  }

  /**
   * Emits the windows the watermark closes (in start order) and forgets those past their
   * allowed lateness. `emitWindow` builds the output rows of one window.
   */
  advance(watermark: number, endOf: (start: number) => number, emitWindow: (start: number, groups: Map<GroupKey, GroupState>) => void): void {
    const starts = [...this.windows.keys()].sort((a, b) => a - b);
    for (const start of starts) {
      const end = endOf(start);
      if (this.lateness.emit !== 'changes' && !this.emitted.has(start) && firstEmitAt(this.lateness, end) <= watermark) {
        emitWindow(start, this.windows.get(start)!);
        this.emitted.add(start);
      }
      if (purgeAt(this.lateness, end) <= watermark) {
        this.windows.delete(start);
        this.emitted.delete(start);
        this.changed.delete(start);
        if (this.lastStart === start) {
          this.lastStart = NaN;
          this.lastGroups = undefined;
        }
      }
    }
  }
}
