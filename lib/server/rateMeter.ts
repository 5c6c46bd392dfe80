/** Rows per second in and out of a job, from its counters sampled about once a second. */
export interface Rates {
  readonly in: number;
  readonly out: number;
}

/**
 * The recent throughput of a job: each {@link sample} keeps the counters and the time; the
 * rates are the change between the last two samples divided by the time between them (0
 * before two samples were taken).
 */
export class RateMeter {
  private previous: { at: number; rowsIn: number; rowsOut: number } | undefined;
  private latest: { at: number; rowsIn: number; rowsOut: number } | undefined;

  /** Records the counters at time `at` (epoch ms). */
  sample(at: number, rowsIn: number, rowsOut: number): void {
    this.previous = this.latest;
    this.latest = { at, rowsIn, rowsOut };
  }

  /** The rates between the last two samples. */
  rates(): Rates {
    const { previous, latest } = this;
    if (previous === undefined || latest === undefined || latest.at <= previous.at) return { in: 0, out: 0 };
    const seconds = (latest.at - previous.at) / 1000;
    return { in: (latest.rowsIn - previous.rowsIn) / seconds, out: (latest.rowsOut - previous.rowsOut) / seconds };
  }
}
