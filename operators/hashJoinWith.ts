import type { Observable, OperatorFunction } from 'rxjs';
import { FerrisError } from '../lib/types/errors.js';
import type { Message } from '../lib/types/message.js';
import { decodeRow, encodeRow, type StateValue } from '../lib/types/stateCodec.js';
import type { Row, Value } from '../lib/types/value.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';
import { standaloneState, type OperatorStateContext } from './internal/statefulOperator.js';
import { twoInputOperator, type TwoInputHandlers } from './internal/twoInputOperator.js';
import { VersionedTable, type TableKey } from './internal/versionedTable.js';

/** Configuration of {@link hashJoinWith}. */
export interface HashJoinConfig {
  /** INNER drops a stream row without a match; LEFT emits it once with NULLs for the table's columns. */
  readonly kind: 'INNER' | 'LEFT';
  /** The join key of a stream row; undefined when it has a NULL (it matches nothing). */
  readonly streamKey: (row: Row) => TableKey | undefined;
  /** The join key of a table row, comparable with {@link streamKey}. */
  readonly tableKey: (row: Row) => TableKey | undefined;
  /** The primary key of a table row: a later row of the same key replaces it. Absent: every table row is kept. */
  readonly primaryKey?: (row: Row) => TableKey;
  /**
   * The event time of table rows (epoch ms), for a table versioned by event time: a stream row
   * then sees each table row's latest version at or before its own time, and waits until the
   * table's watermark has passed that time. Absent: table rows apply from the start and stream
   * rows wait until the table input has ended (it is loaded completely).
   */
  readonly tableTime?: (row: Row) => Value;
  /** The event time of stream rows (epoch ms); needed with {@link tableTime}. */
  readonly streamTime?: (row: Row) => Value;
  /** A further condition on the joined row (stream columns then table columns). */
  readonly residual?: (row: Row) => boolean;
  /** How many columns a table row has (the NULLs of an unmatched LEFT row). */
  readonly tableWidth: number;
  /**
   * Probe mode (a subquery's lookup): each stream row is emitted exactly once, whatever the
   * kind, followed by its first matching table row (or NULLs) and a BOOLEAN: whether it
   * matched. With `atMostOne`, a second match is a row error of the stream row (the message
   * given), as a scalar subquery that returns more than one row.
   */
  readonly probe?: { readonly atMostOne: string | undefined };
  /** Where a stream row (index 0) or a table row (index 1) whose key, time or condition throws goes; by default the error fails the stream. */
  readonly onRowError?: readonly [RowErrorHandler, RowErrorHandler];
  readonly state?: OperatorStateContext;
}

/**
 * Joins a stream (the source) with a table (`table`, read as a changelog) by hash lookup:
 * each stream row is emitted joined with every table row of equal key in force at the stream
 * row's event time (INNER), or once with NULLs when there is none (LEFT). A stream row waits
 * until the table is known up to its time: the table input's end for a table without event
 * time (so a file table is loaded completely before any stream row is looked up), or the table
 * watermark passing its time for a versioned one. The output watermark is the smaller of the
 * two inputs' (no row it holds can be late downstream). Barriers of both inputs are aligned;
 * state: `table` (per key, the versions since the smaller watermark), `waiting` (stream rows
 * not yet looked up) and `sequence` (the ids of a table without a primary key), snapshotted at
 * barriers.
 *
 * ```text
 * table:   -k----|                k = [AAPL, Apple]
 * source:  --a-1-----b-|          a = [AAPL, 10]  b = [MSFT, 20]   1 = watermark
 * hashJoinWith(table, LEFT on the first column)
 * result:  ------(x1)b-|          x = [AAPL, 10, AAPL, Apple]  b = [MSFT, 20, null, null]
 *
 * hashJoinWith(table, probe mode: each stream row once, its first match and whether it matched)
 * result:  ------(x1)b-|          x = [AAPL, 10, AAPL, Apple, true]  b = [MSFT, 20, null, null, false]
 * ```
 */
export function hashJoinWith(table: Observable<Message>, config: HashJoinConfig): OperatorFunction<Message, Message> {
  const state = config.state ?? standaloneState('hashJoinWith');
  return (stream) => twoInputOperator(state, stream, table, () => joinHandlers(config));
}

function joinHandlers(config: HashJoinConfig): TwoInputHandlers {
  const { kind, streamKey, tableKey, residual, tableWidth, probe: probeMode } = config;
  const primaryKey = config.primaryKey;
  const tableTime = config.tableTime;
  const streamTime = config.streamTime;
  const versions = new VersionedTable();
  const nulls: Row = new Array<Value>(tableWidth).fill(null);
  let waiting: Row[] = [];
  let tableWatermark = -Infinity;
  let streamWatermark = -Infinity;
  let sequence = 0;
  const timeOf = (time: ((row: Row) => Value) | undefined, row: Row): number => {
    if (time === undefined) return -Infinity;
    const value = time(row);
    return typeof value === 'number' ? value : -Infinity;
  };
  /** Whether the table is known up to the time of a stream row (a row at the watermark may still come). */
  const ready = (row: Row): boolean => (tableTime === undefined ? tableWatermark === Infinity : timeOf(streamTime, row) < tableWatermark);
  const [onStreamError, onTableError] = config.onRowError ?? [failOnRowError, failOnRowError];
  /** The joined rows of a stream row (none, or its NULL-padded self for LEFT, without a match). */
  const joinedOf = (row: Row): Row[] => {
    const key = streamKey(row);
    const joined: Row[] = [];
    if (key !== undefined) {
      for (const match of versions.lookup(key, timeOf(streamTime, row))) {
        const pair = row.concat(match);
        if (residual === undefined || residual(pair)) joined.push(pair);
      }
    }
    if (joined.length === 0 && kind === 'LEFT') joined.push(row.concat(nulls));
    return joined;
  };
  /** The one output row of a stream row in probe mode: its first match (or NULLs) and whether there was one. */
  const probedOf = (row: Row, atMostOne: string | undefined): Row[] => {
    const key = streamKey(row);
    let first: Row | undefined;
    if (key !== undefined) {
      versions.scan(key, timeOf(streamTime, row), (match) => {
        const pair = row.concat(match);
        if (residual !== undefined && !residual(pair)) return true;
        if (first !== undefined) throw new FerrisError('EVALUATION', atMostOne!);
        first = pair;
        return atMostOne !== undefined;
      });
    }
    return [first === undefined ? row.concat(nulls, [false]) : first.concat([true])];
  };
  const outputOf = probeMode === undefined ? joinedOf : (row: Row) => probedOf(row, probeMode.atMostOne);
  const probe = (row: Row, out: Row[]): void => {
    try {
      for (const pair of outputOf(row)) out.push(pair);
    } catch (error) {
      onStreamError(row, error);
    }
  };
  /** Whether a stream row can be looked up now; a row whose time cannot be read goes to the error handler (undefined). */
  const readyOrFailed = (row: Row): boolean | undefined => {
    try {
      return ready(row);
    } catch (error) {
      onStreamError(row, error);
      return undefined;
    }
  };
  return {
    tables: {
      table: versions.stateTable(),
      waiting: {
        snapshot: () => waiting.map(encodeRow),
        restore: (image) => void (waiting = (image as StateValue[]).map(decodeRow)),
      },
      sequence: {
        snapshot: () => sequence,
        restore: (image) => void (sequence = image as number),
      },
    },
    onData(side, rows) {
      const out: Row[] = [];
      if (side === 1) {
        for (const row of rows) {
          try {
            const id = primaryKey === undefined ? sequence + 1 : primaryKey(row);
            // No waiting or future (non-late) stream row is earlier than both watermarks.
            versions.put(id, timeOf(tableTime, row), row, tableKey(row), Math.min(streamWatermark, tableWatermark));
            if (primaryKey === undefined) sequence = id as number;
          } catch (error) {
            onTableError(row, error);
          }
        }
        return out;
      }
      for (const row of rows) {
        const now = waiting.length === 0 ? readyOrFailed(row) : false;
        if (now === undefined) continue;
        if (now) probe(row, out);
        else waiting.push(row);
      }
      return out;
    },
    onWatermark(side, ts) {
      if (side === 0) {
        streamWatermark = ts;
        return [];
      }
      tableWatermark = ts;
      if (waiting.length === 0) return [];
      const out: Row[] = [];
      const still: Row[] = [];
      for (const row of waiting) {
        const now = readyOrFailed(row);
        if (now === true) probe(row, out);
        else if (now === false) still.push(row);
      }
      waiting = still;
      return out;
    },
    outputWatermark: (left, right) => Math.min(left, right),
    pending: () => ({ windows: 0, rows: waiting.length }),
  };
}
