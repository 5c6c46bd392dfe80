import type { Annotation, Statement } from '../../sql/ast.js';
import { FerrisError, notSupported, type SourceLocation } from '../../types/errors.js';

/** The kinds of user metric an `@metric_type` names. */
export type UserMetricType = 'counter' | 'gauge' | 'histogram';

/**
 * A metric fed from a job's output rows, declared by `-- @metric: name` and the `@metric_*`
 * annotations after it (the original's per-query metrics): a counter adds `field` (or 1 per
 * row without one), a gauge is set to `field`, a histogram observes `field`; each is labelled
 * by the job and by the output columns of `labels`.
 */
export interface UserMetricSpec {
  readonly name: string;
  readonly type: UserMetricType;
  readonly help: string;
  /** The output column whose value counts, is set or observed; none: a counter counts rows. */
  readonly field: string | undefined;
  /** Output columns whose values label the samples (besides `job`). */
  readonly labels: readonly string[];
  /** A histogram's bucket upper bounds, ascending (prom-client's defaults without them). */
  readonly buckets: readonly number[] | undefined;
  /** Where `@metric` was written. */
  readonly location: SourceLocation;
}

/** Prometheus metric and label names. */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The `@metric_*` keys, each applying to the `@metric` before it. */
const KEYS = ['metric_type', 'metric_help', 'metric_field', 'metric_labels', 'metric_buckets'] as const;

/** Keys of the original that are recognised but not built. */
const NOT_BUILT: Readonly<Record<string, string>> = {
  metric_condition: '@metric_condition (filter the rows in the query instead)',
  metric_sample_rate: '@metric_sample_rate',
};

/**
 * The user metrics a statement's annotations declare, checked: a valid name, a known type, a
 * field for gauges and histograms, label names, ascending buckets for histograms only, no
 * `@metric_*` key before the first `@metric`, only on a statement that deploys a job.
 * Annotations other than `@metric*` are not read here.
 */
export function userMetricSpecs(statement: Statement): UserMetricSpec[] {
  const specs: UserMetricSpec[] = [];
  let current: { name: string; location: SourceLocation; keys: Map<string, Annotation> } | undefined;
  const finish = (): void => {
    if (current !== undefined) specs.push(specOf(current.name, current.location, current.keys));
  };
  for (const annotation of statement.annotations) {
    if (annotation.key === 'metric') {
      finish();
      if (!METRIC_NAME.test(annotation.value)) throw invalid(annotation, `'${annotation.value}' is not a metric name (letters, digits, _ and :, not starting with a digit)`);
      current = { name: annotation.value, location: annotation.loc, keys: new Map() };
    } else if (annotation.key in NOT_BUILT) {
      throw notSupported(NOT_BUILT[annotation.key]!, annotation.loc);
    } else if (annotation.key.startsWith('metric_')) {
      if (!(KEYS as readonly string[]).includes(annotation.key)) throw invalid(annotation, `unknown annotation @${annotation.key}; the @metric keys are ${KEYS.map((k) => `@${k}`).join(', ')}`);
      if (current === undefined) throw invalid(annotation, `@${annotation.key} comes after the @metric it describes`);
      if (current.keys.has(annotation.key)) throw invalid(annotation, `@${annotation.key} is given twice for @metric ${current.name}`);
      current.keys.set(annotation.key, annotation);
    }
  }
  finish();
  const deploys = statement.type === 'create_as_select' || statement.type === 'insert_into' || statement.type === 'select_into' || statement.type === 'deploy_job' || statement.type === 'query';
  if (specs.length > 0 && !deploys) throw new FerrisError('CONFIG', `@metric annotations feed on a job's output rows; a ${statement.type} statement has none`, { location: specs[0]!.location });
  return specs;
}

function specOf(name: string, location: SourceLocation, keys: ReadonlyMap<string, Annotation>): UserMetricSpec {
  const typeAnnotation = keys.get('metric_type');
  const type = (typeAnnotation?.value.toLowerCase() ?? 'counter') as UserMetricType;
  if (!['counter', 'gauge', 'histogram'].includes(type)) throw invalid(typeAnnotation!, `@metric_type is counter, gauge or histogram, got '${typeAnnotation!.value}'`);
  const field = keys.get('metric_field')?.value;
  if (field === '' || (field === undefined && type !== 'counter')) {
    throw new FerrisError('CONFIG', `@metric ${name}: a ${type} needs @metric_field, the output column it ${type === 'gauge' ? 'is set to' : 'observes'}`, { location });
  }
  const labelsAnnotation = keys.get('metric_labels');
  const labels = labelsAnnotation === undefined ? [] : labelsAnnotation.value.split(',').map((l) => l.trim());
  const badLabel = labels.find((l) => !LABEL_NAME.test(l) || l === 'job');
  if (badLabel !== undefined) throw invalid(labelsAnnotation!, `'${badLabel}' cannot label a metric (a column name of letters, digits and _, not 'job', which every user metric has)`);
  const bucketsAnnotation = keys.get('metric_buckets');
  if (bucketsAnnotation !== undefined && type !== 'histogram') throw invalid(bucketsAnnotation, `@metric_buckets is for a histogram; @metric ${name} is a ${type}`);
  const buckets = bucketsAnnotation?.value.split(',').map((b) => Number(b.trim()));
  if (buckets !== undefined && (buckets.some((b) => !Number.isFinite(b)) || buckets.some((b, i) => i > 0 && b <= buckets[i - 1]!))) {
    throw invalid(bucketsAnnotation!, `@metric_buckets is a comma-separated list of ascending numbers, got '${bucketsAnnotation!.value}'`);
  }
  const help = unquote(keys.get('metric_help')?.value ?? '') || `${type} ${name} of the job's output`;
  return { name, type, help, field, labels, buckets, location };
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

function invalid(annotation: Annotation, message: string): FerrisError {
  return new FerrisError('CONFIG', message, { location: annotation.loc });
}
