import type { SchedulerLike, Subscription } from 'rxjs';
import type { Row } from '../../lib/types/value.js';
import type { BatchLimits } from './batchLimits.js';
import type { BatchObserver, FlushReason } from './batchObserver.js';
import { estimateRowBytes } from './estimateRowBytes.js';

/**
 * The state of one `bufferStrategy` subscription: the rows waiting for their batch to
 * complete, their estimated bytes, when the first of them arrived, and the timer that
 * emits them when they have waited long enough.
 *
 * Rows are copied at most once: a batch cut from a single input is a `slice` of it (or the
 * input array itself when it is exactly one batch); only rows that wait for later inputs are
 * pushed into the pending array, which then becomes the emitted batch.
 */
export class BatchBuffer {
  private pending: Row[] = [];
  private pendingBytes = 0;
  private pendingSince = 0;
  private timer: Subscription | null = null;
  private disposed = false;

  /**
   * @param limits when a batch is complete.
   * @param scheduler the clock for arrival times and the timers.
   * @param emit hands a non-empty batch downstream.
   * @param observe told of every emitted batch (its rows and why it went), after `emit`.
   */
  constructor(
    private readonly limits: BatchLimits,
    private readonly scheduler: SchedulerLike,
    private readonly emit: (rows: Row[]) => void,
    private readonly observe?: BatchObserver,
  ) {}

  /** Adds the rows of an input batch, emitting every batch they complete. */
  add(rows: Row[]): void {
    const count = rows.length;
    if (count === 0 || this.disposed) return;
    const now = this.scheduler.now();
    const start = this.limits.byteBudget === Infinity ? this.cutByRows(rows, now) : this.cutByBytes(rows, now);
    if (start === count || this.disposed) return;
    if (this.limits.eager) {
      this.complete(rows, start, count, now, 'eager');
      return;
    }
    if (this.pending.length === 0) this.pendingSince = now;
    for (let i = start; i < count; i++) this.pending.push(rows[i]!);
    if (this.timer === null && this.limits.maxWaitMs !== Infinity) {
      this.timer = this.scheduler.schedule(() => this.onTimer(), this.limits.maxWaitMs - (now - this.pendingSince));
    }
  }

  /** Emits the pending rows, if any, as an early (incomplete) batch, flushed for `reason`. */
  flush(reason: FlushReason): void {
    if (this.pending.length === 0) return;
    const batch = this.takePending();
    this.deliver(batch, reason, this.pendingSince);
  }

  /** Stops the timer and drops the pending rows; later input is ignored (also mid-input, when the downstream unsubscribed). */
  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Cuts complete batches by row count; returns where the rows left over start. */
  private cutByRows(rows: Row[], now: number): number {
    let start = 0;
    for (;;) {
      const room = Math.max(1, this.limits.rowLimit - this.pending.length);
      if (rows.length - start < room || this.disposed) return start;
      this.complete(rows, start, start + room, now, 'size');
      start += room;
    }
  }

  /**
   * Cuts complete batches by estimated bytes (and row count): a batch is complete when its
   * bytes reach the budget, and a row that would take it over the budget starts the next
   * batch (a single row bigger than the budget is a batch of its own). Returns where the rows
   * left over start; their bytes are counted in `pendingBytes`.
   */
  private cutByBytes(rows: Row[], now: number): number {
    const budget = this.limits.byteBudget;
    let start = 0;
    for (let i = 0; i < rows.length && !this.disposed; i++) {
      const bytes = estimateRowBytes(rows[i]!);
      if (this.pendingBytes + bytes > budget && this.pending.length + i - start > 0) {
        this.complete(rows, start, i, now, 'memory');
        start = i;
      }
      this.pendingBytes += bytes;
      if (this.pendingBytes >= budget || this.pending.length + i + 1 - start >= this.limits.rowLimit) {
        this.complete(rows, start, i + 1, now, this.pendingBytes >= budget ? 'memory' : 'size');
        start = i + 1;
      }
    }
    return start;
  }

  /** Emits the pending rows followed by `rows[start, end)` as one batch, for `reason`. */
  private complete(rows: Row[], start: number, end: number, now: number, reason: FlushReason): void {
    let batch: Row[];
    let since: number;
    if (this.pending.length === 0) {
      batch = start === 0 && end === rows.length ? rows : rows.slice(start, end);
      since = now;
      this.pendingBytes = 0;
    } else {
      since = this.pendingSince;
      batch = this.takePending();
      for (let i = start; i < end; i++) batch.push(rows[i]!);
    }
    this.deliver(batch, reason, since);
  }

  /** Takes the pending rows out (and stops their timer). */
  private takePending(): Row[] {
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.cancelTimer();
    return batch;
  }

  /**
   * Emits a batch, tells the limits whether it was complete (its row limit or byte budget
   * reached), how long it waited and how long it took downstream, and tells the observer.
   */
  private deliver(batch: Row[], reason: FlushReason, since: number): void {
    const emittedAt = this.scheduler.now();
    this.emit(batch);
    this.limits.batchEmitted(reason === 'size' || reason === 'memory', emittedAt - since, this.scheduler.now() - emittedAt);
    this.observe?.(batch.length, reason);
  }

  /** The first pending row has waited `maxWaitMs`: its batch goes as it is. */
  private onTimer(): void {
    this.timer = null;
    this.flush('time');
  }

  /** Stops the timer of the pending rows, if armed. */
  private cancelTimer(): void {
    if (this.timer === null) return;
    this.timer.unsubscribe();
    this.timer = null;
  }
}
