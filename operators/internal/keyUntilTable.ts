import { decodeRow, decodeState, encodeRow, encodeState, type StateValue } from '../../lib/types/stateCodec.js';
import type { Row } from '../../lib/types/value.js';
import { lowerBound, upperBound, type KeyTimeEntry, type TimeKey } from './keyTimeTable.js';
import { MinHeap } from './minHeap.js';
import type { StateTable } from './statefulOperator.js';

/** A held entry with what the two heaps need: its key, and whether it is still held (the time heap drops gone ones lazily). */
interface Held {
  readonly key: TimeKey;
  readonly entry: KeyTimeEntry;
  readonly until: number;
  live: boolean;
}

/**
 * Rows by key and event time, each of use until a time of its own (`entry.until`: an
 * interval join's bound read from the row, as an auction's `expires`), where
 * `KeyTimeTable` derives the last use from the time. Per key, entries are sorted by time
 * (range lookups by time as in `KeyTimeTable`); a heap by `until` finds the entries to
 * expire, each removed from its key (a binary search plus the entries of equal time), and a
 * heap by time (gone entries skipped lazily) gives the oldest time held, which bounds the
 * output watermark of a join whose partners may be arbitrarily older than the watermark.
 */
export class KeyUntilTable {
  private readonly byKey = new Map<TimeKey, KeyTimeEntry[]>();
  private readonly byUntil = new MinHeap<Held>((held) => held.until);
  private readonly byTime = new MinHeap<Held>((held) => held.entry.time);
  private count = 0;

  /** @param untilOf the last use of a row, read again from the rows of a restored snapshot. */
  constructor(private readonly untilOf: (row: Row) => number) {}

  /** How many entries the table holds. */
  get size(): number {
    return this.count;
  }

  /** Whether `entry` is already of no use at `watermark` (its `until` is before it). */
  isExpired(entry: KeyTimeEntry, watermark: number): boolean {
    return entry.until! < watermark;
  }

  /** Adds an entry (its `until` set) under `key`. */
  add(key: TimeKey, entry: KeyTimeEntry): void {
    this.count++;
    const entries = this.byKey.get(key);
    if (entries === undefined) this.byKey.set(key, [entry]);
    else if (entries[entries.length - 1]!.time <= entry.time) entries.push(entry);
    else entries.splice(upperBound(entries, 0, entry.time), 0, entry);
    const held: Held = { key, entry, until: entry.until!, live: true };
    this.byUntil.push(held);
    this.byTime.push(held);
  }

  /** Appends to `into` the entries of `key` whose time is within `[from, to]`, in time order. */
  collectBetween(key: TimeKey, from: number, to: number, into: KeyTimeEntry[]): void {
    const entries = this.byKey.get(key);
    if (entries === undefined) return;
    for (let i = lowerBound(entries, 0, from); i < entries.length && entries[i]!.time <= to; i++) into.push(entries[i]!);
  }

  /** Removes every entry whose `until` is before `watermark`, earliest `until` first; `gone` sees each. */
  expire(watermark: number, gone: (entry: KeyTimeEntry) => void): void {
    for (let next = this.byUntil.peek(); next !== undefined && next.until < watermark; next = this.byUntil.peek()) {
      this.byUntil.pop();
      next.live = false;
      const entries = this.byKey.get(next.key)!;
      // The entry is among those of its time, found from the first of them.
      let i = lowerBound(entries, 0, next.entry.time);
      while (i < entries.length && entries[i] !== next.entry) i++;
      entries.splice(i, 1);
      if (entries.length === 0) this.byKey.delete(next.key);
      this.count--;
      gone(next.entry);
    }
  }

  /** The least event time of the entries held (+∞ when none is). */
  oldestTime(): number {
    for (let oldest = this.byTime.peek(); oldest !== undefined; oldest = this.byTime.peek()) {
      if (oldest.live) return oldest.entry.time;
      this.byTime.pop();
    }
    return Infinity;
  }

  /** The table as a declared state table (`until` is read again from each row on restore). */
  stateTable(): StateTable {
    return {
      snapshot: () => {
        const image: StateValue[] = [];
        for (const [key, entries] of this.byKey) for (const e of entries) image.push([encodeState(key), encodeState(e.time), encodeRow(e.row), e.matched]);
        return image;
      },
      restore: (image) => {
        for (const [key, time, row, matched] of image as [StateValue, StateValue, StateValue, boolean][]) {
          const decoded = decodeRow(row);
          this.add(decodeState(key) as TimeKey, { time: decodeState(time) as number, row: decoded, matched, until: this.untilOf(decoded) });
        }
      },
    };
  }
}
