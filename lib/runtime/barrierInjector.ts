/**
 * The point where a job's checkpoint barriers enter its graph: `trigger` asks for the next
 * epoch, and every source of the job emits barrier n before its next batch (so a barrier
 * always falls between batches, never inside one). The union of several sources aligns them
 * (`BarrierAligner`), stateful operators snapshot at them and the sink stage commits the
 * epoch. A periodic trigger (`checkpoint.interval`) comes with the Kafka issue.
 */
export class BarrierInjector {
  private latest = 0;

  /** The latest epoch asked for (0 before the first). */
  get epoch(): number {
    return this.latest;
  }

  /** Asks for the next checkpoint; returns its epoch. */
  trigger(): number {
    return ++this.latest;
  }
}
