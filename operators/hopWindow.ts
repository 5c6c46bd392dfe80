import type { OperatorFunction } from 'rxjs';
import { FerrisError } from '../lib/types/errors.js';
import type { Message } from '../lib/types/message.js';
import type { StateValue } from '../lib/types/stateCodec.js';
import type { Row, Value } from '../lib/types/value.js';
import { eventTimeOf, windowStart } from './aggregation/eventTimeOf.js';
import { GroupAccumulator, groupRow, type GroupKey, type GroupState, type Grouping } from './aggregation/grouping.js';
import { firstEmitAt, purgeAt, type LatenessPolicy } from './aggregation/lateness.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/** Configuration of {@link hopWindow}. */
export interface HopWindowConfig {
  /** Window length in ms. */
  readonly size: number;
  /** Distance between window starts in ms (`slide < size` makes windows overlap). */
  readonly slide: number;
  readonly eventTime: (row: Row) => Value;
  readonly grouping: Grouping;
  readonly lateness: LatenessPolicy;
  readonly onRowError?: RowErrorHandler;
  /** Checkpoints and shutdown (the runtime's context of the node); standalone in memory by default. */
  readonly state?: OperatorStateContext;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Hopping (sliding) windows of `size` every `slide`, computed from panes of gcd(size, slide):
 * a row is added to exactly one pane, so adding a row costs the same whatever size/slide is;
 * a window's result merges its size/gcd panes per key when the watermark passes its end, so
 * emission grows with size/slide (bench/windows.bench.ts measures 60 s/10 s and 60 s/1 s). Output rows are
 * GROUP BY values, aggregate results, window start, window end; windows in start order.
 * State: `panes` (groups by pane start) and `windows` (open window starts, whether emitted).
 *
 * ```text
 * source:  -a-b-W-c-|       a = [k @1]  b = [k @6]  W = watermark 10  c = [k @12]   size 10, slide 5
 * hopWindow(COUNT(*) per key, EMIT FINAL)
 * result:  -----(xW)(y|)    x = [k, 1, -5, 5], [k, 2, 0, 10]   y = [k, 2, 5, 15], [k, 1, 10, 20]
 * ```
 */
export function hopWindow(config: HopWindowConfig): OperatorFunction<Message, Message> {
  const { size, slide, eventTime, lateness } = config;
  if (!(size > 0 && slide > 0 && Number.isInteger(size) && Number.isInteger(slide))) {
    throw new FerrisError('SQL_BIND', `a hopping window needs a positive size and slide in whole milliseconds (got ${size}, ${slide})`);
  }
  const pane = gcd(size, slide);
  const onRowError = config.onRowError ?? failOnRowError;
  return statefulOperator(config.state ?? standaloneState('hopWindow'), () => {
    const accumulator = new GroupAccumulator(config.grouping);
    const panes = new Map<number, Map<GroupKey, GroupState>>();
    /** Window starts with data that have not emitted yet (or may re-emit), → whether emitted. */
    const windows = new Map<number, boolean>();
    const lastWindowOf = (paneStart: number): number => windowStart(paneStart, slide);
    const windowResult = (start: number, keys?: ReadonlySet<GroupKey>): Row[] => {
      const merged = new Map<GroupKey, GroupState>();
      for (let p = start; p < start + size; p += pane) {
        const groups = panes.get(p);
        if (groups === undefined) continue;
        for (const [key, group] of groups) {
          if (keys !== undefined && !keys.has(key)) continue;
          let into = merged.get(key);
          if (into === undefined) {
            into = accumulator.emptyLike(group);
            merged.set(key, into);
          }
          accumulator.mergeInto(into, group);
        }
      }
      return [...merged.values()].map((group) => groupRow(group, start, start + size));
    };
    /** Panes whose groups changed in the current batch, with the keys that changed (EMIT CHANGES, late updates). */
    const changedPanes = new Map<number, Set<GroupKey>>();
    const tracksChanges = lateness.emit !== 'final';
    /** Registers the windows still open that contain a new pane: once per pane, not per row. */
    const openWindowsOf = (paneStart: number, watermark: number): void => {
      for (let w = lastWindowOf(paneStart); w > paneStart - size; w -= slide) {
        if (purgeAt(lateness, w + size) <= watermark) break;
        if (!windows.has(w)) windows.set(w, false);
      }
    };
    /** The groups of the pane starting at `paneStart`, created (and its windows registered) on first use. */
    const paneGroups = (paneStart: number, watermark: number): Map<GroupKey, GroupState> => {
      let groups = panes.get(paneStart);
      if (groups === undefined) {
        groups = new Map();
        panes.set(paneStart, groups);
        openWindowsOf(paneStart, watermark);
      }
      return groups;
    };
    /** Where to note the keys a batch changes in a pane (EMIT CHANGES, late updates). */
    const changedKeysOf = (paneStart: number): Set<GroupKey> => {
      let keys = changedPanes.get(paneStart);
      if (keys === undefined) changedPanes.set(paneStart, (keys = new Set()));
      return keys;
    };
    /** The windows and keys a batch changed that must be (re-)emitted now, from the panes it touched. */
    const takeChanges = (): Row[] => {
      if (changedPanes.size === 0) return [];
      const changed = new Map<number, Set<GroupKey>>();
      for (const [paneStart, keys] of changedPanes) {
        for (let w = lastWindowOf(paneStart); w > paneStart - size; w -= slide) {
          const emitted = windows.get(w);
          if (emitted === undefined || (lateness.emit === 'update' && !emitted)) continue;
          let windowKeys = changed.get(w);
          if (windowKeys === undefined) changed.set(w, (windowKeys = new Set()));
          for (const key of keys) windowKeys.add(key);
        }
      }
      changedPanes.clear();
      const out: Row[] = [];
      for (const start of [...changed.keys()].sort((a, b) => a - b)) out.push(...windowResult(start, changed.get(start)));
      return out;
    };
    const advance = (to: number): Row[] => {
      const out: Row[] = [];
      for (const start of [...windows.keys()].sort((a, b) => a - b)) {
        const end = start + size;
        if (lateness.emit !== 'changes' && windows.get(start) === false && firstEmitAt(lateness, end) <= to) {
          out.push(...windowResult(start));
          windows.set(start, true);
        }
        if (purgeAt(lateness, end) <= to) windows.delete(start);
      }
      for (const paneStart of panes.keys()) {
        if (purgeAt(lateness, lastWindowOf(paneStart) + size) <= to) panes.delete(paneStart);
      }
      return out;
    };
    /** Open windows not emitted as final yet, and their keys. */
    const pending = (): { windows: number; rows: number } => {
      if (lateness.emit === 'changes') return { windows: 0, rows: 0 };
      let open = 0;
      let rows = 0;
      for (const [start, emitted] of windows) {
        if (emitted) continue;
        const keys = new Set<GroupKey>();
        for (let p = start; p < start + size; p += pane) for (const key of panes.get(p)?.keys() ?? []) keys.add(key);
        if (keys.size === 0) continue;
        open++;
        rows += keys.size;
      }
      return { windows: open, rows };
    };
    return {
      tables: {
        panes: {
          snapshot: () => [...panes].map(([start, groups]): StateValue => [start, accumulator.snapshotGroups(groups)]),
          restore(image) {
            for (const [start, groups] of image as [number, StateValue][]) panes.set(start, accumulator.restoreGroups(groups));
          },
        },
        windows: {
          snapshot: () => [...windows],
          restore(image) {
            for (const [start, emitted] of image as [number, boolean][]) windows.set(start, emitted);
          },
        },
      },
      onData(rows, watermark) {
        // Rows mostly come in event-time order, so consecutive rows share a pane: its groups,
        // change set and lateness are looked up once per run of rows, and no bound is computed
        // (nor a double boxed) per row.
        let paneStart = NaN;
        let paneEnd = NaN;
        let lastEnd = NaN;
        let late = false;
        let groups: Map<GroupKey, GroupState> | undefined;
        let keys: Set<GroupKey> | undefined;
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          const ts = eventTimeOf(row, eventTime, onRowError);
          if (ts === undefined) continue;
          if (!(ts >= paneStart && ts < paneEnd)) {
            paneStart = windowStart(ts, pane);
            paneEnd = paneStart + pane;
            lastEnd = lastWindowOf(paneStart) + size;
            late = purgeAt(lateness, lastEnd) <= watermark;
            if (!late) {
              groups = paneGroups(paneStart, watermark);
              keys = tracksChanges ? changedKeysOf(paneStart) : undefined;
            }
          }
          if (late) {
            lateness.onLate(row, lastEnd);
            continue;
          }
          const key = accumulator.add(groups!, row);
          if (keys !== undefined) keys.add(key);
        }
        return takeChanges();
      },
      onWatermark: advance,
      onEnd: () => advance(Infinity),
      pending,
    };
  });
}
