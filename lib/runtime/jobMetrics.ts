import type { FlushReason } from '../../operators/batching/batchObserver.js';
import { BATCH_SIZE_BOUNDS, Buckets, LATENCY_BOUNDS } from './metrics/buckets.js';

/**
 * Why records were dropped: unreadable ones skipped (`bad_record`), rows whose evaluation
 * failed skipped (`failed_row`), late rows dropped (`late_row`), records sent to a dead-letter
 * file or topic (`dead_letter`), records dropped with a failed batch (`fail_batch`).
 */
export type DropReason = 'bad_record' | 'failed_row' | 'late_row' | 'dead_letter' | 'fail_batch';

/** Every drop reason, in the order they are reported. */
export const DROP_REASONS: readonly DropReason[] = ['bad_record', 'failed_row', 'late_row', 'dead_letter', 'fail_batch'];

/** Live counters of one job, read by the progress line, the summary, the job server and Prometheus. */
export interface JobMetrics {
  rowsIn: number;
  rowsOut: number;
  /** Records a source could not read, and rows whose evaluation failed. */
  badRecords: number;
  /** Rows that arrived after their window closed (beyond the allowed lateness). */
  lateRows: number;
  /** Records that did not reach the sink, by reason (each one counted once). */
  readonly dropped: Map<DropReason, number>;
  /** Records and rows written to a dead-letter file or topic (bad records, failed rows, late rows). */
  deadLetters: number;
  /** Batches read from the sources. */
  batchesIn: number;
  /** Seconds the job's operators spent on the source batches (the graph is synchronous up to the sink's queue). */
  processSeconds: number;
  /** Batches written to the sink. */
  batchesOut: number;
  /** Seconds spent in the sink's writes (with {@link batchesOut}: the mean write time). */
  sinkWriteSeconds: number;
  /** The seconds each source batch took through the (synchronous) graph, one sample per batch. */
  readonly processLatency: Buckets;
  /** Bytes the sources read (file chunks, Kafka message keys and values, HTTP ingest bodies). */
  bytesIn: number;
  /** Bytes the sink wrote (encoded records: file lines, Kafka message keys and values). */
  bytesOut: number;
  /** The batch strategies of the job (`batch.*` keys of the job and of its sink), one entry each. */
  readonly batching: BatchStats[];
  /** Kafka consumer lag of each partition read (high watermark minus the next offset), by topic then partition. */
  readonly consumerLag: Map<string, Map<number, number>>;
  /** Transactions of a transactional sink: committed and aborted. */
  readonly transactions: { commits: number; aborts: number };
  /** Times the job restarted itself after a retriable failure (see `restart.strategy`), over the whole run. */
  restarts: number;
  /** The latest watermark (event time, epoch ms) that reached the sink; undefined before the first. */
  watermark: number | undefined;
  /** The message of the latest bad record or failed row, for people watching the job. */
  lastError: string | undefined;
  startedAt: number;
  finishedAt: number | undefined;
}

/** The batches one batch strategy of a job emitted: their sizes and why each went. */
export interface BatchStats {
  /** Where the strategy re-batches: `source` (the job's `batch.*` keys) or `sink` (`<sink>.batch.*`). */
  readonly side: 'source' | 'sink';
  /** The strategy (`fixed_size`, `time_window`, `adaptive_size`, `memory_based`, `low_latency`). */
  readonly strategy: string;
  /** The rows of each emitted batch. */
  readonly sizes: Buckets;
  /** Emitted batches by why they went. */
  readonly flushes: Map<FlushReason, number>;
}

/** Fresh counters for a job starting now. */
export function newJobMetrics(now = Date.now()): JobMetrics {
  return {
    rowsIn: 0,
    rowsOut: 0,
    badRecords: 0,
    lateRows: 0,
    dropped: new Map(),
    deadLetters: 0,
    batchesIn: 0,
    processSeconds: 0,
    batchesOut: 0,
    sinkWriteSeconds: 0,
    processLatency: new Buckets(LATENCY_BOUNDS),
    bytesIn: 0,
    bytesOut: 0,
    batching: [],
    consumerLag: new Map(),
    transactions: { commits: 0, aborts: 0 },
    restarts: 0,
    watermark: undefined,
    lastError: undefined,
    startedAt: now,
    finishedAt: undefined,
  };
}

/** Adds a batch strategy to the job's metrics; returns the observer its `bufferStrategy` tells each batch. */
export function batchStats(metrics: JobMetrics, side: BatchStats['side'], strategy: string): (rows: number, reason: FlushReason) => void {
  const stats: BatchStats = { side, strategy, sizes: new Buckets(BATCH_SIZE_BOUNDS), flushes: new Map() };
  metrics.batching.push(stats);
  return (rows, reason) => {
    stats.sizes.observe(rows);
    stats.flushes.set(reason, (stats.flushes.get(reason) ?? 0) + 1);
  };
}

/** Counts `count` records dropped for `reason`. */
export function countDropped(metrics: JobMetrics, reason: DropReason, count = 1): void {
  metrics.dropped.set(reason, (metrics.dropped.get(reason) ?? 0) + count);
}
