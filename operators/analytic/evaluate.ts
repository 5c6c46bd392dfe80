import type { Row, Value } from '../../lib/types/value.js';
import type { Frame, FrameEdge, WindowFunction } from './windowFunctions.js';
import { SlidingAggregate } from './slidingAggregate.js';
import type { WindowPartition } from './windowPartition.js';

/**
 * Computes the window functions for the row at absolute index `p` of a partition, the rows it
 * reads being held: every row before it that a function reaches, and after it either the rows
 * a function reaches or the end of the partition (`size` is then the partition's row count,
 * known only once it is complete). Rows are evaluated in order (p = 0, 1, ...): RANK and the
 * running aggregates carry state from one row to the next.
 */
export function evaluateRow(partition: WindowPartition, p: number, functions: readonly WindowFunction[], size: number | undefined, scratch: Value[][]): Value[] {
  const row = partition.row(p);
  if (p === 0 || partition.order.compare(partition.row(p - 1), row) !== 0) {
    partition.rank = p + 1;
    partition.dense++;
  }
  const out = row.slice();
  for (let f = 0; f < functions.length; f++) out.push(valueOf(partition, p, row, functions[f]!, f, size, scratch[f]!));
  return out;
}

function valueOf(partition: WindowPartition, p: number, row: Row, fn: WindowFunction, index: number, size: number | undefined, scratch: Value[]): Value {
  switch (fn.kind) {
    case 'row_number':
      return p + 1;
    case 'rank':
      return partition.rank;
    case 'dense_rank':
      return partition.dense;
    case 'percent_rank':
      return size! > 1 ? (partition.rank - 1) / (size! - 1) : 0;
    case 'cume_dist':
      return (partition.peerEnd(p) + 1) / size!;
    case 'ntile':
      return ntile(p, size!, fn.buckets);
    case 'lag':
      return p - fn.offset >= 0 ? fn.value(partition.row(p - fn.offset)) : fn.fallback(row);
    case 'lead':
      return p + fn.offset < partition.end ? fn.value(partition.row(p + fn.offset)) : fn.fallback(row);
    case 'first_value': {
      const [start, end] = frameBounds(partition, p, fn.frame);
      return start <= end ? fn.value(partition.row(start)) : null;
    }
    case 'last_value': {
      const [start, end] = frameBounds(partition, p, fn.frame);
      return start <= end ? fn.value(partition.row(end)) : null;
    }
    case 'nth_value': {
      const [start, end] = frameBounds(partition, p, fn.frame);
      const at = start + fn.n - 1;
      return at <= end ? fn.value(partition.row(at)) : null;
    }
    case 'aggregate': {
      const [start, end] = frameBounds(partition, p, fn.frame);
      const args = fn.aggregate.args;
      const running = partition.running[index];
      if (running !== undefined) {
        for (; running.next <= end; running.next++) addRow(running.accumulator, args, partition.row(running.next), scratch);
        return running.accumulator.result();
      }
      let sliding = partition.sliding[index];
      if (sliding === undefined) partition.sliding[index] = sliding = new SlidingAggregate(fn.aggregate, scratch);
      return sliding.over(start, end, partition.rowAt);
    }
  }
}

function addRow(accumulator: { add(args: readonly Value[]): void }, args: readonly ((row: Row) => Value)[], row: Row, scratch: Value[]): void {
  for (let a = 0; a < args.length; a++) scratch[a] = args[a]!(row);
  accumulator.add(scratch);
}

/** NTILE(buckets) of the row at `p` of `size` rows: the first size % buckets buckets hold one row more. */
function ntile(p: number, size: number, buckets: number): number {
  const small = Math.floor(size / buckets);
  const large = size % buckets;
  const inLarge = large * (small + 1);
  return p < inLarge ? Math.floor(p / (small + 1)) + 1 : Math.floor((p - inLarge) / small) + large + 1;
}

/** The absolute first and last index of the frame of the row at `p` (first > last: empty). */
function frameBounds(partition: WindowPartition, p: number, frame: Frame): [number, number] {
  return [Math.max(0, edgeIndex(partition, p, frame.start, true)), Math.min(partition.end - 1, edgeIndex(partition, p, frame.end, false))];
}

function edgeIndex(partition: WindowPartition, p: number, edge: FrameEdge, isStart: boolean): number {
  switch (edge.kind) {
    case 'unbounded':
      return isStart ? 0 : partition.end - 1;
    case 'rows':
      return p + edge.offset;
    case 'peers':
      return isStart ? partition.peerStart(p) : partition.peerEnd(p);
    case 'range': {
      const position = partition.order.position!(partition.row(p));
      // A row without a position (a NULL key) has only its peers within any offset.
      if (Number.isNaN(position)) return isStart ? partition.peerStart(p) : partition.peerEnd(p);
      return isStart ? partition.firstFrom(position + edge.offset) : partition.lastUpTo(position + edge.offset);
    }
  }
}
