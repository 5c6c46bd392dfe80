import { decodeRow, decodeState, encodeRow, encodeState, type StateValue } from '../../lib/types/stateCodec.js';
import type { Row } from '../../lib/types/value.js';
import type { StateTable } from './statefulOperator.js';

/** A hashable key (a primary key or a join key). */
export type TableKey = string | number;

/** One version of a table row: from `time` on, until the next version of its primary key. */
interface Version {
  readonly time: number;
  readonly row: Row;
  /** The row's join key; undefined when it has a NULL in it (it then matches nothing). */
  readonly joinKey: TableKey | undefined;
}

/**
 * The table side of a stream-table join: per primary key, its versions in event-time order,
 * and an index from join key to the primary keys that had it. A lookup at time t sees, per
 * primary key, the latest version at or before t. Versions older than the one in force at
 * `retainFrom` are dropped when their key is next written (no lookup asks for them any more).
 */
export class VersionedTable {
  private readonly versions = new Map<TableKey, Version[]>();
  private readonly byJoinKey = new Map<TableKey, Set<TableKey>>();

  /** Adds a version of `primaryKey` starting at `time`; one of the same time replaces it. */
  put(primaryKey: TableKey, time: number, row: Row, joinKey: TableKey | undefined, retainFrom: number): void {
    let list = this.versions.get(primaryKey);
    if (list === undefined) {
      list = [];
      this.versions.set(primaryKey, list);
    }
    let at = list.length;
    while (at > 0 && list[at - 1]!.time > time) at--;
    const version: Version = { time, row, joinKey };
    if (at > 0 && list[at - 1]!.time === time) {
      this.unindex(primaryKey, list[at - 1]!, list);
      list[at - 1] = version;
    } else {
      list.splice(at, 0, version);
    }
    if (joinKey !== undefined) this.index(joinKey, primaryKey);
    this.prune(primaryKey, list, retainFrom);
  }

  /** The rows in force at `time` whose join key is `joinKey`. */
  lookup(joinKey: TableKey, time: number): Row[] {
    const keys = this.byJoinKey.get(joinKey);
    if (keys === undefined) return NONE;
    const rows: Row[] = [];
    for (const primaryKey of keys) {
      const version = versionAt(this.versions.get(primaryKey)!, time);
      if (version !== undefined && version.joinKey === joinKey) rows.push(version.row);
    }
    return rows;
  }

  /**
   * Calls `visit` with each row in force at `time` whose join key is `joinKey`, until it
   * returns false (a lookup that needs only the first rows stops early).
   */
  scan(joinKey: TableKey, time: number, visit: (row: Row) => boolean): void {
    const keys = this.byJoinKey.get(joinKey);
    if (keys === undefined) return;
    for (const primaryKey of keys) {
      const version = versionAt(this.versions.get(primaryKey)!, time);
      if (version !== undefined && version.joinKey === joinKey && !visit(version.row)) return;
    }
  }

  /** The table as a declared state table (versions by primary key; the index is rebuilt on restore). */
  stateTable(): StateTable {
    return {
      snapshot: () =>
        [...this.versions].map(([primaryKey, list]): StateValue => [encodeState(primaryKey), list.map((v) => [encodeState(v.time), encodeRow(v.row), encodeState(v.joinKey ?? null)])]),
      restore: (image) => {
        for (const [primaryKey, list] of image as [StateValue, [StateValue, StateValue, StateValue][]][]) {
          const key = decodeState(primaryKey) as TableKey;
          const versions = list.map(([time, row, joinKey]): Version => ({
            time: decodeState(time) as number,
            row: decodeRow(row),
            joinKey: (decodeState(joinKey) as TableKey | null) ?? undefined,
          }));
          this.versions.set(key, versions);
          for (const v of versions) if (v.joinKey !== undefined) this.index(v.joinKey, key);
        }
      },
    };
  }

  private index(joinKey: TableKey, primaryKey: TableKey): void {
    let keys = this.byJoinKey.get(joinKey);
    if (keys === undefined) {
      keys = new Set();
      this.byJoinKey.set(joinKey, keys);
    }
    keys.add(primaryKey);
  }

  /** Takes `primaryKey` out of the index of `gone`'s join key unless another of its versions has that key. */
  private unindex(primaryKey: TableKey, gone: Version, list: readonly Version[]): void {
    if (gone.joinKey === undefined) return;
    if (list.some((v) => v !== gone && v.joinKey === gone.joinKey)) return;
    const keys = this.byJoinKey.get(gone.joinKey);
    keys?.delete(primaryKey);
    if (keys?.size === 0) this.byJoinKey.delete(gone.joinKey);
  }

  /** Drops the versions before the one in force at `retainFrom`. */
  private prune(primaryKey: TableKey, list: Version[], retainFrom: number): void {
    let inForce = 0;
    while (inForce + 1 < list.length && list[inForce + 1]!.time <= retainFrom) inForce++;
    for (let i = 0; i < inForce; i++) {
      const gone = list.shift()!;
      this.unindex(primaryKey, gone, list);
    }
  }
}

const NONE: Row[] = [];

/** The latest version at or before `time`, if any. */
function versionAt(list: readonly Version[], time: number): Version | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.time <= time) return list[i];
  return undefined;
}
