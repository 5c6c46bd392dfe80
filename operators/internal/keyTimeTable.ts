import { decodeRow, decodeState, encodeRow, encodeState, type StateValue } from '../../lib/types/stateCodec.js';
import type { Row } from '../../lib/types/value.js';
import type { StateTable } from './statefulOperator.js';

/** One row kept by key: its time, the time after which it expires, and whether it was used. */
export interface KeyTimeEntry {
  readonly key: string | number;
  readonly time: number;
  readonly expires: number;
  readonly row: Row;
  /** Set by the user of the table (a join: the row found a match). */
  matched: boolean;
}

/**
 * Rows by key with a time-to-live in event time (as Arroyo's `expiring_time_key_map`): each
 * entry carries the time after which it is of no more use, and {@link expire} removes, in
 * expiry order, every entry whose expiry is before a watermark, handing each to the caller (an
 * outer join emits the unmatched ones). Keys hold entries in insertion order.
 */
export class KeyTimeTable {
  private readonly byKey = new Map<string | number, KeyTimeEntry[]>();
  /** A binary min-heap of every entry by `expires`. */
  private readonly heap: KeyTimeEntry[] = [];

  /** How many entries the table holds. */
  get size(): number {
    return this.heap.length;
  }

  /** The entries of a key (do not modify). */
  entries(key: string | number): readonly KeyTimeEntry[] {
    return this.byKey.get(key) ?? NONE;
  }

  /** Adds an entry. */
  add(entry: KeyTimeEntry): void {
    let list = this.byKey.get(entry.key);
    if (list === undefined) {
      list = [];
      this.byKey.set(entry.key, list);
    }
    list.push(entry);
    this.push(entry);
  }

  /** Removes every entry that expires before `watermark`, earliest expiry first; `gone` sees each. */
  expire(watermark: number, gone: (entry: KeyTimeEntry) => void): void {
    while (this.heap.length > 0 && this.heap[0]!.expires < watermark) {
      const entry = this.pop();
      const list = this.byKey.get(entry.key)!;
      const at = list.indexOf(entry);
      list.splice(at, 1);
      if (list.length === 0) this.byKey.delete(entry.key);
      gone(entry);
    }
  }

  /** Every entry, in no particular order. */
  all(): readonly KeyTimeEntry[] {
    return this.heap;
  }

  /** The table as a declared state table. */
  stateTable(): StateTable {
    return {
      snapshot: () =>
        [...this.byKey.values()].flat().map((e): StateValue => [encodeState(e.key), encodeState(e.time), encodeState(e.expires), encodeRow(e.row), e.matched]),
      restore: (image) => {
        for (const [key, time, expires, row, matched] of image as [StateValue, StateValue, StateValue, StateValue, boolean][]) {
          this.add({ key: decodeState(key) as string | number, time: decodeState(time) as number, expires: decodeState(expires) as number, row: decodeRow(row), matched });
        }
      },
    };
  }

  private push(entry: KeyTimeEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.expires <= entry.expires) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): KeyTimeEntry {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const child = r < heap.length && heap[r]!.expires < heap[l]!.expires ? r : l;
      if (heap[child]!.expires >= last.expires) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

const NONE: readonly KeyTimeEntry[] = [];
