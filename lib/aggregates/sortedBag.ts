/**
 * A multiset of values kept for order statistics (MEDIAN, PERCENTILE_*): values are appended
 * as they come and sorted lazily when read. A short unsorted tail (the values added since the
 * last read, e.g. one row between two EMIT CHANGES results) is inserted by binary search
 * instead of re-sorting everything. Memory: one array slot per value (8 bytes for doubles).
 */
export class SortedBag<T> {
  private readonly values: T[] = [];
  /** Length of the sorted prefix of `values`. */
  private sortedCount = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  /** Number of values held. */
  get size(): number {
    return this.values.length;
  }

  /** Adds a value. */
  push(v: T): void {
    const values = this.values;
    // Stays sorted while values arrive in order (a cheap and common case).
    if (this.sortedCount === values.length && (values.length === 0 || this.compare(values[values.length - 1]!, v) <= 0)) {
      this.sortedCount++;
    }
    values.push(v);
  }

  /** Adds every value of another bag (which is left unchanged). */
  pushAll(other: SortedBag<T>): void {
    for (const v of other.values) this.push(v);
  }

  /** The values in ascending order (a view: do not modify it). */
  sorted(): readonly T[] {
    const values = this.values;
    const unsorted = values.length - this.sortedCount;
    if (unsorted === 0) return values;
    if (unsorted <= INSERTION_LIMIT) {
      for (let i = this.sortedCount; i < values.length; i++) this.insert(i);
    } else {
      values.sort(this.compare);
    }
    this.sortedCount = values.length;
    return values;
  }

  /** Moves `values[i]` into the sorted prefix `values[0, i)`. */
  private insert(i: number): void {
    const values = this.values;
    const v = values[i]!;
    let lo = 0;
    let hi = i;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(values[mid]!, v) <= 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === i) return;
    values.copyWithin(lo + 1, lo, i);
    values[lo] = v;
  }
}

/** Up to this many new values are inserted one by one (each a binary search and a block move). */
const INSERTION_LIMIT = 32;
