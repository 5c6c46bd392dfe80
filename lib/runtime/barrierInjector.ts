/**
 * The point where a job's checkpoint barriers enter its graph: `trigger` asks for the next
 * epoch, and every source of the job emits barrier n before it reads its next batch (so a
 * barrier always falls between batches, never inside one). The union of several sources
 * aligns them (`BarrierAligner`), stateful operators snapshot at them and the sink stage
 * commits the epoch. `CheckpointCoordinator.every` triggers it every `checkpoint.interval`.
 */
export class BarrierInjector {
  /** @param latest the epoch to continue after (a job resumed from checkpoint n asks for n + 1 next). */
  constructor(private latest = 0) {}

  /** The latest epoch asked for (0 before the first). */
  get epoch(): number {
    return this.latest;
  }

  private readonly listeners = new Set<() => void>();

  /** Asks for the next checkpoint; returns its epoch. */
  trigger(): number {
    const epoch = ++this.latest;
    for (const listener of [...this.listeners]) listener();
    return epoch;
  }

  /** Calls `listener` at every `trigger` until the returned function is called (a source waiting for input emits the barrier then). */
  onTrigger(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
