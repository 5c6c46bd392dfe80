import type { Observable, OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import type { Row, Value } from '../lib/types/value.js';
import { KeyTimeTable, type KeyTimeEntry } from './internal/keyTimeTable.js';
import { KeyUntilTable } from './internal/keyUntilTable.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';
import { standaloneState, type OperatorStateContext } from './internal/statefulOperator.js';
import { twoInputOperator, type TwoInputHandlers } from './internal/twoInputOperator.js';

/** Configuration of {@link intervalJoinWith}. */
export interface IntervalJoinConfig {
  /** INNER: matching pairs only; LEFT/RIGHT/FULL also each unmatched row of that side, once, with NULLs. */
  readonly kind: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  /** The join key of a left row; undefined when it has a NULL (it matches nothing). */
  readonly leftKey: (row: Row) => string | number | undefined;
  readonly rightKey: (row: Row) => string | number | undefined;
  /** The event time of a left row (epoch ms). */
  readonly leftTime: (row: Row) => Value;
  readonly rightTime: (row: Row) => Value;
  /** A pair matches when `right time - left time` is within `[lower, upper]` (inclusive, ms). */
  readonly lower: number;
  readonly upper: number;
  /**
   * A windowed join: windows of `size` ms starting every `slide` ms, aligned to the epoch
   * (tumbling when `slide = size`); a pair matches once for each window both times are in;
   * `lower`/`upper` are then `∓(size − 1)`.
   */
  readonly window?: { readonly size: number; readonly slide: number };
  /**
   * A bound read from the rows of one side (`b.date_time BETWEEN a.date_time AND a.expires`,
   * side 0): a row of `side` matches only the other side's rows whose time is at most
   * `of(row)` (a row where it is NULL matches none), and is kept until the other side's
   * watermark passes it. The constant bound on that end is then unused: `upper` (side 0) or
   * `lower` (side 1) is ±Infinity.
   */
  readonly until?: { readonly side: 0 | 1; readonly of: (row: Row) => Value };
  /** A further condition on the joined row (left columns then right columns). */
  readonly residual?: (row: Row) => boolean;
  /**
   * The columns to emit, as indices into the joined row (a projection of plain columns fused
   * into the join: a pair is built with only these, not as the joined row and then a copy);
   * by default the whole joined row.
   */
  readonly select?: readonly number[];
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** Where a left (index 0) or right (index 1) row whose key, time or condition throws goes; by default the error fails the stream. */
  readonly onRowError?: readonly [RowErrorHandler, RowErrorHandler];
  readonly state?: OperatorStateContext;
}

/**
 * Joins two streams on equal keys within an event-time interval: a left row `l` and a right row
 * `r` match when `lower ≤ r.time − l.time ≤ upper`, bounds inclusive; every matching pair is
 * emitted once, when its second row arrives (a multiset, as SQL). Each side's rows are kept in a
 * key-time table until the other side's watermark passes the last time they could match
 * (`l.time + upper`, `r.time − lower`); an outer side's row that never matched is then emitted,
 * once, with NULLs for the other side. An input's end counts as a watermark of +∞. The output
 * watermark is held back by the bound (`min(left + min(0, lower), right − max(0, upper))`), so no
 * emitted row is late downstream; so out-of-order rows within the inputs' watermark delay give
 * the same rows as sorted input. Barriers of both inputs are aligned; state: `left` and `right`
 * (rows by key with their expiry), snapshotted at barriers. With `window` it is a windowed join:
 * a pair matches once per window (tumbling or hopping) both times are in, an outer row is
 * emitted with NULLs once per window of its own without a match, and a row is kept until the
 * other side's watermark passes the end of its last window. With `select`, each
 * output row holds just those columns of the joined row. With `until`, one side's rows carry
 * their own bound (an auction matches bids up to its `expires`): such a row is kept until the
 * other side's watermark passes it, and the output watermark is also held back to the oldest
 * such row still kept (its partners can be that old).
 *
 * ```text
 * left:    -a------1-|       a = [k, 10]   b = [k, 12]   c = [k, 40]   (key, time)
 * right:   ---b--c---2-|     1, 2 = watermark 100 of the left, of the right
 * intervalJoinWith(right, FULL, lower −5, upper 5)
 * result:  ---x----y-w-|     x = [k, 10, k, 12]   y = [null, null, k, 40] (c unmatched once the
 *                            left watermark passes 45)   w = watermark 95 (100 − 5)
 *
 * left:    a--|               a = [k, 600]: in the windows [0, 1000) and [500, 1500)
 * right:   -b-|               b = [k, 900] (both windows), [k, 1100] (the second only)
 * intervalJoinWith(right, INNER, window { size 1000, slide 500 })
 * result:  -b-|               b = [k, 600, k, 900] twice, [k, 600, k, 1100] once
 *
 * left:    a---1--|           a = [k, 10, 30] (key, time, until)   1 = watermark 50 of the left
 * right:   -b-c--2-|          b = [k, 20]   c = [k, 40]   2 = watermark 50 of the right
 * intervalJoinWith(right, LEFT, lower 0, until { side 0, of: row[2] })
 * result:  -x----w-|          x = [k, 10, 30, k, 20] (c is after 30); at 2 a expires (matched:
 *                            no NULL row) and the watermark, held to a's time 10, moves to 50
 * ```
 */
export function intervalJoinWith(right: Observable<Message>, config: IntervalJoinConfig): OperatorFunction<Message, Message> {
  const state = config.state ?? standaloneState('intervalJoinWith');
  return (left) => twoInputOperator(state, left, right, () => intervalHandlers(config));
}

function intervalHandlers(config: IntervalJoinConfig): TwoInputHandlers {
  const { lower, upper, residual } = config;
  const leftOuter = config.kind === 'LEFT' || config.kind === 'FULL';
  const rightOuter = config.kind === 'RIGHT' || config.kind === 'FULL';
  const leftNulls: Row = new Array<Value>(config.leftWidth).fill(null);
  const rightNulls: Row = new Array<Value>(config.rightWidth).fill(null);
  const window = config.window;
  const size = window?.size ?? 0;
  const slide = window?.slide ?? 1;
  /** The start of the last window of a time: the latest multiple of the slide at or before it. */
  const lastStart = (time: number): number => time - (((time % slide) + slide) % slide);
  /** The end (inclusive) of the last window of a time: its rows are of no use after it. */
  const lastEnd = (time: number): number => lastStart(time) + size - 1;
  // A left row of time t can match right rows up to t + upper; a right row, left rows from t − lower
  // on; in a windowed join each row, rows of its windows.
  const until = config.until;
  const untilOf = (row: Row): number => until!.of(row) as number;
  const tables: readonly [KeyTimeTable | KeyUntilTable, KeyTimeTable | KeyUntilTable] =
    window !== undefined
      ? [new KeyTimeTable(lastEnd), new KeyTimeTable(lastEnd)]
      : [
          until?.side === 0 ? new KeyUntilTable(untilOf) : new KeyTimeTable((t) => t + upper),
          until?.side === 1 ? new KeyUntilTable(untilOf) : new KeyTimeTable((t) => t - lower),
        ];
  /** How many windows hold both times: the multiples of the slide in (later − size, earlier]. */
  const sharedWindows = (a: number, b: number): number =>
    a <= b ? Math.floor(a / slide) - Math.floor((b - size) / slide) : Math.floor(b / slide) - Math.floor((a - size) / slide);
  const watermarks = [-Infinity, -Infinity];
  const keys = [config.leftKey, config.rightKey] as const;
  const times = [config.leftTime, config.rightTime] as const;
  const outer = [leftOuter, rightOuter] as const;
  const select = config.select;
  const leftWidth = config.leftWidth;
  /** The output row of a left and a right row (either NULLs for an unmatched row). */
  const pairOf =
    select === undefined
      ? (l: Row, r: Row): Row => l.concat(r)
      : (l: Row, r: Row): Row => {
          const out = new Array<Value>(select.length);
          for (let i = 0; i < select.length; i++) {
            const index = select[i]!;
            out[i] = index < leftWidth ? l[index]! : r[index - leftWidth]!;
          }
          return out;
        };
  /** The row of one side unmatched: with NULLs for the other side's columns. */
  const unmatched = (side: 0 | 1, row: Row): Row => (side === 0 ? pairOf(row, rightNulls) : pairOf(leftNulls, row));

  const onRowError = config.onRowError ?? [failOnRowError, failOnRowError];
  /** Scratch space of one arrival, reused: the other side's rows in range, then its partners. */
  const candidates: KeyTimeEntry[] = [];
  const hopping = window !== undefined && slide < size;
  /** An outer join on hopping windows: a row unmatched in some of its windows is emitted once for each. */
  const perWindow = hopping && (leftOuter || rightOuter);
  /** Marks the windows two partners share as matched in each: the later one's earliest, the earlier one's latest. */
  const markShared = (a: KeyTimeEntry, b: KeyTimeEntry): void => {
    const shared = sharedWindows(a.time, b.time);
    const [earlier, later] = a.time <= b.time ? [a, b] : [b, a];
    earlier.windows!.latest = Math.max(earlier.windows!.latest, shared);
    later.windows!.earliest = Math.max(later.windows!.earliest, shared);
  };
  /** Emits an outer row that can match no more: once if it never matched, or once per window without a match. */
  const emitUnmatched = (side: 0 | 1, entry: KeyTimeEntry, out: Row[]): void => {
    const windows = entry.windows;
    const count = windows === undefined ? (entry.matched ? 0 : 1) : Math.max(0, sharedWindows(entry.time, entry.time) - windows.latest - windows.earliest);
    if (count === 0) return;
    const row = unmatched(side, entry.row);
    for (let n = 0; n < count; n++) out.push(row);
  };

  const arrive = (side: 0 | 1, row: Row, out: Row[]): void => {
    const other = side === 0 ? 1 : 0;
    const time = times[side](row);
    const key = keys[side](row);
    if (typeof time !== 'number' || key === undefined) {
      if (outer[side]) out.push(unmatched(side, row));
      return;
    }
    // A windowed row meets the rows of its windows: from the first one's start (the multiple of the
    // slide after time − size) to the last one's end.
    const from = window !== undefined ? lastStart(time - size) + slide : side === 0 ? time + lower : time - upper;
    let to = window !== undefined ? lastEnd(time) : side === 0 ? time + upper : time - lower;
    // A row carrying its own bound meets the other side's rows up to it; the other side's rows meet only those whose bound they are within.
    let rowUntil: number | undefined;
    if (until?.side === side) {
      const bound = until.of(row);
      if (typeof bound !== 'number') {
        if (outer[side]) out.push(unmatched(side, row));
        return;
      }
      rowUntil = bound;
      if (bound < to) to = bound;
    }
    const withinUntil = until !== undefined && until.side !== side;
    // Pairs go straight to `out`; a condition that throws has them taken back (see onData) and
    // no flag is set before every condition passed.
    if (candidates.length > 0) candidates.length = 0;
    tables[other].collectBetween(key, from, to, candidates);
    // The partners are compacted to the front of the candidates as the condition accepts them.
    let partners = 0;
    for (let i = 0; i < candidates.length; i++) {
      const entry = candidates[i]!;
      if (withinUntil && entry.until! < time) continue;
      const l = side === 0 ? row : entry.row;
      const r = side === 0 ? entry.row : row;
      let joined: Row | undefined;
      if (residual !== undefined) {
        const whole = l.concat(r);
        if (!residual(whole)) continue;
        if (select === undefined) joined = whole;
      }
      joined ??= pairOf(l, r);
      candidates[partners++] = entry;
      out.push(joined);
      if (hopping) for (let n = sharedWindows(time, entry.time); n > 1; n--) out.push(joined);
    }
    for (let i = 0; i < partners; i++) candidates[i]!.matched = true;
    const entry: KeyTimeEntry = rowUntil === undefined ? { time, row, matched: partners > 0 } : { time, row, matched: partners > 0, until: rowUntil };
    if (perWindow) {
      entry.windows = { latest: 0, earliest: 0 };
      for (let i = 0; i < partners; i++) markShared(entry, candidates[i]!);
    }
    if (tables[side].isExpired(entry, watermarks[other]!)) {
      if (outer[side]) emitUnmatched(side, entry, out);
      return;
    }
    tables[side].add(key, entry);
  };

  return {
    tables: { left: tables[0].stateTable(), right: tables[1].stateTable() },
    onData(side, rows) {
      const out: Row[] = [];
      for (const row of rows) {
        const mark = out.length;
        try {
          arrive(side, row, out);
        } catch (error) {
          out.length = mark;
          onRowError[side](row, error);
        }
      }
      return out;
    },
    onWatermark(side, ts) {
      watermarks[side] = ts;
      const other = side === 0 ? 1 : 0;
      const out: Row[] = [];
      tables[other].expire(ts, (entry: KeyTimeEntry) => {
        if (outer[other]) emitUnmatched(other, entry, out);
      });
      return out;
    },
    outputWatermark: (leftWatermark, rightWatermark) => {
      if (until === undefined) return Math.min(leftWatermark + Math.min(0, lower), rightWatermark - Math.max(0, upper));
      // The rows carrying their own bound can match partners of any later time: the output waits for the oldest one kept.
      const oldest = (tables[until.side] as KeyUntilTable).oldestTime();
      return until.side === 0
        ? Math.min(leftWatermark + Math.min(0, lower), rightWatermark, oldest)
        : Math.min(leftWatermark, oldest, rightWatermark - Math.max(0, upper));
    },
    pending: () => ({ windows: 0, rows: (leftOuter ? tables[0].size : 0) + (rightOuter ? tables[1].size : 0) }),
  };
}
