import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { userMetricSpecs, type UserMetricSpec } from '../../plan/app/metricAnnotations.js';
import { doubleReader } from '../../aggregates/doubleReader.js';
import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import { formatType } from '../../types/sqlType.js';
import type { Row, Value } from '../../types/value.js';
import type { OutputObservers } from '../openJob.js';

/** A registered user metric: what it was registered as, so that another job may share it only alike. */
interface Registered {
  readonly type: UserMetricSpec['type'];
  readonly labels: string;
  readonly metric: Counter | Gauge | Histogram;
}

/**
 * The output observer of jobs with `@metric` annotations, on `registry`: for each job, the
 * metrics its annotations declare (see {@link userMetricSpecs}) fed from every output row, labelled
 * `job="<name>"` and by the `@metric_labels` columns. Field and label columns are resolved to
 * output indices when the job opens (an unknown column, or a field that is not a number, is a
 * CONFIG error at the annotation). A metric name shared by several jobs (or a job deployed
 * again) is one metric, which they must declare alike. A row whose field is NULL is not
 * counted; a counter's negative value fails the job (a counter only goes up).
 */
export function userMetricsObserver(registry: Registry): OutputObservers {
  const registered = new Map<string, Registered>();
  const metricOf = (spec: UserMetricSpec): Registered => {
    const labels = ['job', ...spec.labels];
    const existing = registered.get(spec.name);
    if (existing !== undefined) {
      if (existing.type !== spec.type || existing.labels !== labels.join(',')) {
        throw new FerrisError('CONFIG', `@metric ${spec.name} is already a ${existing.type} labelled ${existing.labels}: declare it alike (here a ${spec.type} labelled ${labels.join(',')}) or name it differently`, { location: spec.location });
      }
      return existing;
    }
    const options = { name: spec.name, help: spec.help, labelNames: labels, registers: [registry] };
    let metric: Counter | Gauge | Histogram;
    try {
      metric = spec.type === 'counter' ? new Counter(options) : spec.type === 'gauge' ? new Gauge(options) : new Histogram({ ...options, ...(spec.buckets ? { buckets: [...spec.buckets] } : {}) });
    } catch (error) {
      throw new FerrisError('CONFIG', `@metric ${spec.name}: ${(error as Error).message}`, { location: spec.location, cause: error });
    }
    const entry = { type: spec.type, labels: labels.join(','), metric };
    registered.set(spec.name, entry);
    return entry;
  };
  return (job, plan) => {
    const feeds = userMetricSpecs(job.statement).map((spec) => feedOf(spec, metricOf(spec).metric, job.name, plan.output));
    if (feeds.length === 0) return undefined;
    return (rows) => {
      for (const feed of feeds) for (const row of rows) feed(row);
    };
  };
}

/** The index of an output column named in an annotation; a CONFIG error naming the columns otherwise. */
function columnOf(output: Schema, name: string, spec: UserMetricSpec): number {
  const index = output.fields.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new FerrisError('CONFIG', `@metric ${spec.name}: '${name}' is not an output column (columns: ${output.fields.map((f) => f.name).join(', ')})`, { location: spec.location });
  return index;
}

/** What one metric does with one output row. */
function feedOf(spec: UserMetricSpec, metric: Counter | Gauge | Histogram, job: string, output: Schema): (row: Row) => void {
  const labelColumns = spec.labels.map((name) => columnOf(output, name, spec));
  const labelsOf = (row: Row): Record<string, string> => {
    const labels: Record<string, string> = { job };
    for (let i = 0; i < labelColumns.length; i++) labels[spec.labels[i]!] = labelText(row[labelColumns[i]!]!);
    return labels;
  };
  if (spec.field === undefined) return (row) => (metric as Counter).inc(labelsOf(row));
  const column = columnOf(output, spec.field, spec);
  const type = output.fields[column]!.type;
  if (type.kind !== 'INTEGER' && type.kind !== 'DOUBLE' && type.kind !== 'DECIMAL') {
    throw new FerrisError('CONFIG', `@metric ${spec.name}: @metric_field ${spec.field} is ${formatType(type)}, not a number`, { location: spec.location });
  }
  const read = doubleReader(type, spec.name, 1);
  switch (spec.type) {
    case 'counter':
      return (row) => {
        const value = row[column];
        if (value === null || value === undefined) return;
        const amount = read(value);
        if (amount < 0) throw new FerrisError('EVALUATION', `@metric ${spec.name}: a counter cannot go down, and ${spec.field} is ${amount}`);
        (metric as Counter).inc(labelsOf(row), amount);
      };
    case 'gauge':
      return (row) => {
        const value = row[column];
        if (value !== null && value !== undefined) (metric as Gauge).set(labelsOf(row), read(value));
      };
    case 'histogram':
      return (row) => {
        const value = row[column];
        if (value !== null && value !== undefined) (metric as Histogram).observe(labelsOf(row), read(value));
      };
  }
}

function labelText(value: Value): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
