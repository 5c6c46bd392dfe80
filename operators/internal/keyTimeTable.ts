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
  /**
   * For a row in several windows (an outer join on hopping windows): how many of its latest and
   * of its earliest windows found a match. A partner later than the row shares its latest
   * windows, an earlier one its earliest, so the matched windows are always such a prefix and suffix.
   */
  windows?: MatchedWindows;
  /** For a row whose last use is a time of its own (see `KeyUntilTable`): that time, epoch ms. */
  until?: number;
}

/** See {@link KeyTimeEntry.windows}. */
export interface MatchedWindows {
  latest: number;
  earliest: number;
}

/** The entries of one key, sorted by time from `head` on (those before `head` are gone). */
interface Bucket {
  entries: KeyTimeEntry[];
  head: number;
  /** The time of the heap item standing for this key: its earliest entry's time (other items of the key are stale). */
  scheduled: number;
}

/** Compacts a bucket once this many entries before its head are gone and they are over half of it. */
const COMPACT_AFTER = 256;

/**
 * Rows by key and event time with a time-to-live in event time (as Arroyo's
 * `expiring_time_key_map`): an entry of time t is of no more use once the watermark passes
 * its last use (t + ttl, or the end of t's window), and {@link expire} removes such entries,
 * key by key, each key's earliest first, handing each to the caller
 * (an outer join emits the unmatched ones). Per key, entries are kept sorted by time, so a
 * lookup of a time range costs a binary search plus the entries in range, and expired entries
 * are always a prefix. A heap of (time, key), one item per key (its earliest entry's time),
 * finds the keys to expire: expiring costs the entries dropped plus a heap operation per key,
 * not per entry. An entry added before its key's earliest pushes a new item; the old one is
 * stale and skipped when popped.
 */
export class KeyTimeTable {
  private readonly byKey = new Map<TimeKey, Bucket>();
  /** A binary min-heap by time of one live item per key (plus stale ones): which key's head to drop. */
  private readonly heap: { time: number; key: TimeKey }[] = [];
  private count = 0;

  /**
   * @param lastUse the last event time at which an entry of time t is of use (t + ttl, or the
   *   end of t's window); it must not decrease as t grows, so expired entries stay a prefix.
   */
  constructor(private readonly lastUse: (time: number) => number) {}

  /** How many entries the table holds. */
  get size(): number {
    return this.count;
  }

  /** Whether an entry of `time` would already be expired at `watermark`. */
  expiredAt(time: number, watermark: number): boolean {
    return this.lastUse(time) < watermark;
  }

  /** Whether `entry` would already be expired at `watermark`. */
  isExpired(entry: KeyTimeEntry, watermark: number): boolean {
    return this.lastUse(entry.time) < watermark;
  }

  /** Adds an entry under `key`. */
  add(key: TimeKey, entry: KeyTimeEntry): void {
    this.count++;
    const bucket = this.byKey.get(key);
    if (bucket === undefined) {
      this.byKey.set(key, { entries: [entry], head: 0, scheduled: entry.time });
      this.push({ time: entry.time, key });
      return;
    }
    const entries = bucket.entries;
    if (entries.length === bucket.head || entries[entries.length - 1]!.time <= entry.time) entries.push(entry);
    else entries.splice(upperBound(entries, bucket.head, entry.time), 0, entry);
    if (entry.time < bucket.scheduled) {
      bucket.scheduled = entry.time;
      this.push({ time: entry.time, key });
    }
  }

  /** Appends to `into` the entries of `key` whose time is within `[from, to]`, in time order. */
  collectBetween(key: TimeKey, from: number, to: number, into: KeyTimeEntry[]): void {
    const bucket = this.byKey.get(key);
    if (bucket === undefined) return;
    const entries = bucket.entries;
    for (let i = lowerBound(entries, bucket.head, from); i < entries.length && entries[i]!.time <= to; i++) into.push(entries[i]!);
  }

  /** Removes every entry expired at `watermark` (its last use before it), key by key, each key's earliest first; `gone` sees each. */
  expire(watermark: number, gone: (entry: KeyTimeEntry) => void): void {
    while (this.heap.length > 0 && this.expiredAt(this.heap[0]!.time, watermark)) {
      const { time, key } = this.pop();
      const bucket = this.byKey.get(key);
      if (bucket === undefined || bucket.scheduled !== time) continue;
      // The popped time is the key's earliest entry's; expired entries are a prefix from there.
      const entries = bucket.entries;
      const first = bucket.head;
      let head = first;
      while (head < entries.length && this.expiredAt(entries[head]!.time, watermark)) head++;
      bucket.head = head;
      this.count -= head - first;
      if (head === entries.length) this.byKey.delete(key);
      else {
        bucket.scheduled = entries[head]!.time;
        this.push({ time: bucket.scheduled, key });
        if (head >= COMPACT_AFTER && head * 2 >= entries.length) {
          bucket.entries = entries.slice(head);
          bucket.head = 0;
        }
      }
      for (let i = first; i < head; i++) gone(entries[i]!);
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
            const entry: StateValue[] = [encodeState(key), encodeState(e.time), encodeRow(e.row), e.matched];
            if (e.windows !== undefined) entry.push(e.windows.latest, e.windows.earliest);
            image.push(entry);
          }
        }
        return image;
      },
      restore: (image) => {
        for (const [key, time, row, matched, latest, earliest] of image as [StateValue, StateValue, StateValue, boolean, number?, number?][]) {
          const entry: KeyTimeEntry = { time: decodeState(time) as number, row: decodeRow(row), matched };
          if (latest !== undefined && earliest !== undefined) entry.windows = { latest, earliest };
          this.add(decodeState(key) as TimeKey, entry);
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

/** The first index at or after `from` of entries sorted by time whose entry's time is ≥ `time` (a binary search). */
export function lowerBound(entries: readonly KeyTimeEntry[], from: number, time: number): number {
  let lo = from;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index at or after `from` of entries sorted by time whose entry's time is > `time` (a binary search). */
export function upperBound(entries: readonly KeyTimeEntry[], from: number, time: number): number {
  let lo = from;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
