/**
 * Counts of observed values by upper bound, a histogram kept in plain numbers so that a job's
 * hot path can observe without prom-client (a file job never loads it); the server and
 * `ferris run --metrics-port` read it when `/metrics` is scraped.
 */
export class Buckets {
  /** Values observed in each bucket (not cumulative): `counts[i]` holds those ≤ `bounds[i]` and > `bounds[i - 1]`; the last one those above every bound. */
  readonly counts: number[];
  /** The sum of every value observed. */
  sum = 0;
  /** How many values were observed. */
  count = 0;

  /** @param bounds the upper bounds, ascending (Prometheus `le`: a value equal to a bound is in its bucket). */
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  /** Counts one value. */
  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

/** Bounds of the processing-latency histogram, in seconds: 0.1 ms to 10 s. */
export const LATENCY_BOUNDS: readonly number[] = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** Bounds of the batch-size histogram, in rows. */
export const BATCH_SIZE_BOUNDS: readonly number[] = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 50000];
