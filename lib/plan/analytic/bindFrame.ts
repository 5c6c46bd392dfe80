import type { FrameBound, WindowFrame, WindowSpec } from '../../sql/ast.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { formatType } from '../../types/sqlType.js';
import { intervalMillis } from '../literals.js';
import type { SortKey } from '../logicalPlan.js';
import type { FrameEdgeSpec, FrameSpec } from './windowCall.js';

/**
 * The frame of a frame-based window function (aggregates, FIRST_VALUE, LAST_VALUE,
 * NTH_VALUE). Without a frame clause, as standard SQL: with ORDER BY, RANGE BETWEEN UNBOUNDED
 * PRECEDING AND CURRENT ROW (the current row and its peers); without, the whole partition; in
 * the row-buffer form (`ROWS WINDOW BUFFER n ROWS`), the last n rows (ROWS BETWEEN n - 1
 * PRECEDING AND CURRENT ROW). A frame of the row-buffer form must fit in its buffer.
 */
export function bindFrame(spec: WindowSpec, orderBy: readonly SortKey[], bufferRows: number | undefined): FrameSpec {
  const frame = spec.frame;
  if (frame === null) {
    if (bufferRows !== undefined) return { start: { kind: 'rows', offset: -(bufferRows - 1) }, end: { kind: 'rows', offset: 0 } };
    return orderBy.length > 0 ? { start: { kind: 'unbounded' }, end: { kind: 'peers' } } : { start: { kind: 'unbounded' }, end: { kind: 'unbounded' } };
  }
  const end: FrameBound = frame.end ?? { type: 'frame_bound', kind: 'CURRENT_ROW', offset: null, loc: frame.loc };
  if (frame.start.kind === 'UNBOUNDED_FOLLOWING') throw new FerrisError('SQL_BIND', 'a frame cannot start at UNBOUNDED FOLLOWING', { location: frame.start.loc });
  if (end.kind === 'UNBOUNDED_PRECEDING') throw new FerrisError('SQL_BIND', 'a frame cannot end at UNBOUNDED PRECEDING', { location: end.loc });
  const bound: FrameSpec = { start: edgeOf(frame, frame.start, orderBy), end: edgeOf(frame, end, orderBy) };
  if (order(bound.start) > order(bound.end)) {
    throw new FerrisError('SQL_BIND', 'the frame starts after it ends (its start must not follow its end)', { location: frame.loc });
  }
  if (bufferRows !== undefined) checkFitsBuffer(bound, bufferRows, frame);
  return bound;
}

/** A rank of an edge for the start ≤ end check (offsets of the same units compare as numbers). */
function order(edge: FrameEdgeSpec): number {
  if (edge.kind === 'rows' || edge.kind === 'range') return edge.offset;
  return edge.kind === 'peers' ? 0 : NaN;
}

function edgeOf(frame: WindowFrame, bound: FrameBound, orderBy: readonly SortKey[]): FrameEdgeSpec {
  switch (bound.kind) {
    case 'UNBOUNDED_PRECEDING':
    case 'UNBOUNDED_FOLLOWING':
      return { kind: 'unbounded' };
    case 'CURRENT_ROW':
      return frame.units === 'ROWS' ? { kind: 'rows', offset: 0 } : { kind: 'peers' };
    case 'PRECEDING':
    case 'FOLLOWING': {
      const sign = bound.kind === 'PRECEDING' ? -1 : 1;
      return frame.units === 'ROWS' ? { kind: 'rows', offset: sign * rowCount(bound) } : { kind: 'range', offset: sign * rangeOffset(bound, orderBy) };
    }
  }
}

function rowCount(bound: FrameBound): number {
  const offset = bound.offset!;
  const n = offset.type === 'number' ? Number(offset.text) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new FerrisError('SQL_BIND', 'a ROWS frame offset must be a whole number of rows ≥ 0 (5 PRECEDING)', { location: offset.loc });
  }
  return n;
}

/** A RANGE offset: a duration over one ascending TIMESTAMP key, a number over one ascending numeric key. */
function rangeOffset(bound: FrameBound, orderBy: readonly SortKey[]): number {
  const offset = bound.offset!;
  const key = orderBy[0];
  if (orderBy.length !== 1 || key!.descending || key!.nullsFirst) {
    throw notSupported('a RANGE frame with an offset needs exactly one ORDER BY key, ascending with NULLS LAST', bound.loc);
  }
  const type = key!.expr.type.kind;
  if (offset.type === 'interval') {
    if (type !== 'TIMESTAMP') throw new FerrisError('SQL_TYPE', `a RANGE offset of INTERVAL needs a TIMESTAMP ORDER BY key, but '${key!.expr.text}' is ${formatType(key!.expr.type)}`, { location: offset.loc });
    return intervalMillis(offset);
  }
  if (type !== 'INTEGER' && type !== 'DOUBLE') {
    throw notSupported(`a numeric RANGE offset over the ${formatType(key!.expr.type)} key '${key!.expr.text}' (INTEGER and DOUBLE keys, or an INTERVAL over a TIMESTAMP)`, offset.loc);
  }
  const n = Number(offset.text);
  if (!(n >= 0)) throw new FerrisError('SQL_BIND', 'a RANGE frame offset must be ≥ 0', { location: offset.loc });
  return n;
}

function checkFitsBuffer(frame: FrameSpec, bufferRows: number, at: WindowFrame): void {
  for (const edge of [frame.start, frame.end]) {
    const fits = edge.kind === 'rows' && edge.offset > -bufferRows;
    if (!fits) {
      throw new FerrisError(
        'SQL_BIND',
        `ROWS WINDOW BUFFER ${bufferRows} ROWS keeps the last ${bufferRows} rows: a frame must be ROWS within them (at most ${bufferRows - 1} PRECEDING); use the standard OVER (...) for other frames`,
        { location: at.loc },
      );
    }
  }
}
