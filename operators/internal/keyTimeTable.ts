import { decodeRow, decodeState, encodeRow, encodeState, type StateValue } from '../../lib/types/stateCodec.js';
import type { Row } from '../../lib/types/value.js';
import type { StateTable } from './statefulOperator.js';

/** A hashable key of a {@link KeyTimeTable}. */
export type TimeKey = string | number;

/** One row kept under a key: its event time and whether it was used (a join: it found a match). */
export interface KeyTimeEntry {
  readonly time: number;
  readonly row: Row;
  matched: boolean;
}

/** The entries of one key, sorted by time from `head` on (those before `head` are gone). */
interface Bucket {
  entries: KeyTimeEntry[];
  head: number;
}

/** Compacts a bucket once this many entries before its head are gone and they are over half of it. */
const COMPACT_AFTER = 256;

/**
 * Rows by key and event time with a time-to-live in event time (as Arroyo's
 * `expiring_time_key_map`): an entry of time t is of no more use once the watermark passes
 * its last use (t + ttl, or the end of t's window), and {@link expire} removes such entries,
 * earliest first, handing each to the caller
 * (an outer join emits the unmatched ones). Per key, entries are kept sorted by time, so a
 * lookup of a time range costs a binary search plus the entries in range, and expired entries
 * are always a prefix. A heap of (time, key) in time order finds the keys to expire.
 */
export class KeyTimeTable {
  private readonly byKey = new Map<TimeKey, Bucket>();
  /** A binary min-heap by time of one item per entry: which key's head to drop. */
  private readonly heap: { time: number; key: TimeKey }[] = [];

  /**
   * @param lastUse the last event time at which an entry of time t is of use (t + ttl, or the
   *   end of t's window); it must not decrease as t grows, so expired entries stay a prefix.
   */
  constructor(private readonly lastUse: (time: number) => number) {}

  /** How many entries the table holds. */
  get size(): number {
    return this.heap.length;
  }

  /** Whether an entry of `time` would already be expired at `watermark`. */
  expiredAt(time: number, watermark: number): boolean {
    return this.lastUse(time) < watermark;
  }

  /** Adds an entry under `key`. */
  add(key: TimeKey, entry: KeyTimeEntry): void {
    let bucket = this.byKey.get(key);
    if (bucket === undefined) {
      bucket = { entries: [], head: 0 };
      this.byKey.set(key, bucket);
    }
    const entries = bucket.entries;
    if (entries.length === bucket.head || entries[entries.length - 1]!.time <= entry.time) entries.push(entry);
    else entries.splice(upperBound(entries, bucket.head, entry.time), 0, entry);
    this.push({ time: entry.time, key });
  }

  /** Visits the entries of `key` whose time is within `[from, to]`, in time order. */
  forEachBetween(key: TimeKey, from: number, to: number, visit: (entry: KeyTimeEntry) => void): void {
    const bucket = this.byKey.get(key);
    if (bucket === undefined) return;
    const entries = bucket.entries;
    for (let i = lowerBound(entries, bucket.head, from); i < entries.length && entries[i]!.time <= to; i++) visit(entries[i]!);
  }

  /** Removes every entry expired at `watermark` (its last use before it), earliest first; `gone` sees each. */
  expire(watermark: number, gone: (entry: KeyTimeEntry) => void): void {
    while (this.heap.length > 0 && this.expiredAt(this.heap[0]!.time, watermark)) {
      const { key } = this.pop();
      // The key's earliest entry is at most as late as the popped one, so it is expired too.
      const bucket = this.byKey.get(key)!;
      const entry = bucket.entries[bucket.head++]!;
      if (bucket.head === bucket.entries.length) this.byKey.delete(key);
      else if (bucket.head >= COMPACT_AFTER && bucket.head * 2 >= bucket.entries.length) {
        bucket.entries = bucket.entries.slice(bucket.head);
        bucket.head = 0;
      }
      gone(entry);
    }
  }

  /** The table as a declared state table. */
  stateTable(): StateTable {
    return {
      snapshot: () => {
        const image: StateValue[] = [];
        for (const [key, bucket] of this.byKey) {
          for (let i = bucket.head; i < bucket.entries.length; i++) {
            const e = bucket.entries[i]!;
            image.push([encodeState(key), encodeState(e.time), encodeRow(e.row), e.matched]);
          }
        }
        return image;
      },
      restore: (image) => {
        for (const [key, time, row, matched] of image as [StateValue, StateValue, StateValue, boolean][]) {
          this.add(decodeState(key) as TimeKey, { time: decodeState(time) as number, row: decodeRow(row), matched });
        }
      },
    };
  }

  private push(item: { time: number; key: TimeKey }): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.time <= item.time) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  private pop(): { time: number; key: TimeKey } {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const child = r < heap.length && heap[r]!.time < heap[l]!.time ? r : l;
      if (heap[child]!.time >= last.time) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

/** The first index at or after `from` whose entry's time is ≥ `time`. */
function lowerBound(entries: readonly KeyTimeEntry[], from: number, time: number): number {
  let lo = from;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index at or after `from` whose entry's time is > `time`. */
function upperBound(entries: readonly KeyTimeEntry[], from: number, time: number): number {
  let lo = from;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
