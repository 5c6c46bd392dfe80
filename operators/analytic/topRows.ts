import type { Row } from '../../lib/types/value.js';

/** The ranking functions a top-N keeps rows by (and the ones it can compute over the rows it keeps). */
export type RankingKind = 'row_number' | 'rank' | 'dense_rank';

/**
 * The rows of one partition that can still rank within the first `limit` by `limitBy`, in
 * ORDER BY order (stable: rows that sort equal keep their arrival order, as a sorted OVER
 * partition has them). What it keeps is always a prefix of the partition's sorted rows: for
 * ROW_NUMBER the first `limit` rows; for RANK every row that fewer than `limit` rows sort
 * strictly before (all rows tied at the boundary); for DENSE_RANK every row of the first
 * `limit` distinct ORDER BY values. A row that sorts after the last row kept, once the
 * prefix is full, is dropped after one comparison.
 */
export class TopRows {
  /** The rows kept, in order. */
  rows: Row[] = [];
  /** How many distinct ORDER BY values the rows kept have (DENSE_RANK's count). */
  private distinct = 0;

  constructor(
    private readonly compare: (a: Row, b: Row) => number,
    private readonly limitBy: RankingKind,
    private readonly limit: number,
  ) {}

  /** Whether the rows kept already fill the top (a row sorting after the last one cannot enter). */
  private full(): boolean {
    return this.limitBy === 'dense_rank' ? this.distinct >= this.limit : this.rows.length >= this.limit;
  }

  /** Keeps `row` if it can still rank within the top, dropping the rows it pushes out. */
  offer(row: Row): void {
    const rows = this.rows;
    if (rows.length === 0) {
      this.distinct = 1;
      rows.push(row);
      return;
    }
    const order = this.compare(row, rows[rows.length - 1]!);
    if (order > 0) {
      // After every row kept: a new value, in only while the top is not full.
      if (this.full()) return;
      this.distinct++;
      rows.push(row);
    } else if (order === 0) {
      // Tied with the last row kept: the same RANK and DENSE_RANK; ROW_NUMBER only while there is room.
      if (this.limitBy !== 'row_number' || !this.full()) rows.push(row);
    } else {
      this.insertBefore(row);
    }
  }

  /** Inserts a row sorting before the last one kept (after the rows equal to it), then trims the top to the limit. */
  private insertBefore(row: Row): void {
    const rows = this.rows;
    const compare = this.compare;
    let low = 0;
    let high = rows.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(row, rows[middle]!) < 0) high = middle;
      else low = middle + 1;
    }
    const tied = low > 0 && compare(rows[low - 1]!, row) === 0;
    rows.splice(low, 0, row);
    if (!tied) this.distinct++;
    switch (this.limitBy) {
      case 'row_number':
        if (rows.length > this.limit) this.dropLast();
        break;
      case 'rank': {
        // Rows strictly after the limit-th row rank beyond the limit.
        const boundary = rows[this.limit - 1];
        if (boundary === undefined) break;
        while (compare(rows[rows.length - 1]!, boundary) > 0) this.dropLast();
        break;
      }
      case 'dense_rank':
        if (this.distinct > this.limit) {
          const lastRow = rows[rows.length - 1]!;
          while (compare(rows[rows.length - 1]!, lastRow) === 0) rows.pop();
          this.distinct--;
        }
        break;
    }
  }

  /** Drops the last row kept, counting its ORDER BY value gone when it was the value's last row. */
  private dropLast(): void {
    const rows = this.rows;
    const dropped = rows.pop()!;
    const previous = rows[rows.length - 1];
    if (previous === undefined || this.compare(previous, dropped) !== 0) this.distinct--;
  }

  /** The rows kept with one value appended per ranking function, in order. */
  ranked(functions: readonly RankingKind[], out: Row[]): void {
    const rows = this.rows;
    let rank = 0;
    let dense = 0;
    for (let p = 0; p < rows.length; p++) {
      const row = rows[p]!;
      if (p === 0 || this.compare(rows[p - 1]!, row) !== 0) {
        rank = p + 1;
        dense++;
      }
      const ranked = row.slice();
      for (const fn of functions) ranked.push(fn === 'row_number' ? p + 1 : fn === 'rank' ? rank : dense);
      out.push(ranked);
    }
  }

  /** Replaces the rows kept (a restore: rows in order, as {@link rows} had them). */
  restore(rows: Row[]): void {
    this.rows = rows;
    this.distinct = 0;
    for (let p = 0; p < rows.length; p++) if (p === 0 || this.compare(rows[p - 1]!, rows[p]!) !== 0) this.distinct++;
  }
}
