import { Histogram, type MetricType, type Registry } from 'prom-client';
import type { Buckets } from './buckets.js';

/** What prom-client's `get()` of a histogram answers. */
type HistogramData<L extends string> = Awaited<ReturnType<Histogram<L>['get']>>;

/** The type prom-client writes on a histogram's `# TYPE` line (its typings declare the field as an enum that it does not export at runtime). */
const HISTOGRAM_TYPE = 'histogram' as unknown as MetricType;

/** One labelled series of a {@link BucketsHistogram}: its labels and the buckets it reports. */
export type BucketsSeries<L extends string> = readonly [labels: Partial<Record<L | 'le', string>>, buckets: Buckets];

/** How a {@link BucketsHistogram} is registered: its name, help, label names, bounds and registry. */
export interface BucketsHistogramOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  readonly bounds: readonly number[];
  readonly registry: Registry;
}

/**
 * A Prometheus histogram whose series are read from plain {@link Buckets} when the registry is
 * scraped (`read` is called then), so the jobs observe into numbers of their own and never call
 * prom-client on their hot path. Each series' buckets must have the histogram's bounds.
 */
export class BucketsHistogram<L extends string> extends Histogram<L | 'le'> {
  private readonly metricName: string;
  private readonly metricHelp: string;

  constructor(
    options: BucketsHistogramOptions<L>,
    private readonly read: () => Iterable<BucketsSeries<L>>,
  ) {
    super({ name: options.name, help: options.help, labelNames: options.labelNames, buckets: [...options.bounds], registers: [options.registry] });
    this.metricName = options.name;
    this.metricHelp = options.help;
  }

  /** The series as prom-client reports a histogram: cumulative `_bucket{le}` values, then `_sum` and `_count`. */
  override async get(): Promise<HistogramData<L | 'le'>> {
    const name = this.metricName;
    const values: HistogramData<L | 'le'>['values'] = [];
    for (const [labels, buckets] of this.read()) {
      let cumulative = 0;
      buckets.bounds.forEach((bound, i) => {
        cumulative += buckets.counts[i]!;
        values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: bound }, value: cumulative });
      });
      values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: buckets.count });
      values.push({ metricName: `${name}_sum`, labels: { ...labels }, value: buckets.sum });
      values.push({ metricName: `${name}_count`, labels: { ...labels }, value: buckets.count });
    }
    // prom-client's typings ask for `collect` on the answer; the registry never calls it there.
    return { name, help: this.metricHelp, type: HISTOGRAM_TYPE, values, aggregator: 'sum', collect: () => undefined };
  }

  /** What the registry formats as text (prom-client asks this of a histogram before `get()`). */
  getForPromString(): Promise<HistogramData<L | 'le'>> {
    return this.get();
  }
}
