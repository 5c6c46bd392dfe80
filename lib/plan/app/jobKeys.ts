/** An unprefixed WITH key that configures the job, with its accepted values when enumerated. */
export interface JobKeySpec {
  readonly key: string;
  readonly description: string;
  readonly values?: readonly string[];
  readonly default?: string;
  /** Set when the key is recognised but its feature is built by a later issue. */
  readonly notSupportedYet?: string;
  /** Values recognised but refused until a later issue builds them (value → the feature). */
  readonly notSupportedYetValues?: Readonly<Record<string, string>>;
  /** A source may set it for itself (`'<source>.<key>'`, or unprefixed in its declaration); its value wins over the job's. */
  readonly perSource?: true;
  /** Its value is a duration (`5000`, `5s`, `2 minutes`). */
  readonly duration?: true;
  /** Its value is a whole number of at least 1. */
  readonly positiveInteger?: true;
}

/** The failure strategies for records that cannot be read or evaluated. */
export const FAILURE_STRATEGIES = ['log_and_continue', 'fail', 'dead_letter', 'send_to_dlq', 'fail_batch', 'retry_with_backoff'] as const;

/**
 * What to do with a bad record: log and skip it, stop the job, write it to a dead-letter file,
 * send it to a dead-letter queue (a Kafka topic, or the file), drop the whole batch holding it
 * (Kafka), or read it again with backoff before failing (Kafka).
 */
export type FailureStrategy = (typeof FAILURE_STRATEGIES)[number];

/** Every job-level key: supported ones, and recognised ones that fail clearly until built. */
export const JOB_KEYS: readonly JobKeySpec[] = [
  {
    key: 'failure_strategy',
    description: 'what happens to a malformed record or a row whose evaluation fails',
    values: FAILURE_STRATEGIES,
    default: 'log_and_continue',
    perSource: true,
  },
  { key: 'dlq.path', description: "dead-letter file for failure_strategy = 'dead_letter' (all sources of the job)", perSource: true },
  { key: 'dlq.topic', description: "dead-letter topic for failure_strategy = 'send_to_dlq' (default '<job>-dlq' with a Kafka source)", perSource: true },
  { key: 'max_retries', description: "reads of a bad record again for failure_strategy = 'retry_with_backoff' before the job fails", default: '3', perSource: true, positiveInteger: true },
  { key: 'retry_backoff', description: "the wait before the first retry, doubled for each next one (a duration)", default: '100ms', perSource: true, duration: true },
  { key: 'max_in_flight', description: 'batches on their way from sources to the sink at once (controlled pull)', default: '4', positiveInteger: true },
  {
    key: 'mode',
    description:
      'delivery: simple = at-least-once (source offsets committed only after the sink acknowledged the rows read before them); transactional = exactly-once (Kafka transactions with checkpoints)',
    values: ['simple', 'transactional'],
    default: 'simple',
    notSupportedYetValues: { adaptive: 'adaptive mode' },
  },
  { key: 'commit.interval', description: "how often 'mode' = 'simple' commits source offsets while running (a duration)", default: '1s', duration: true },
  {
    key: 'checkpoint.dir',
    description: 'store checkpoints (source positions and operator state) in this directory, so a restarted job resumes where it stopped; relative to the SQL file',
  },
  { key: 'checkpoint.interval', description: 'how often a checkpointing job takes a checkpoint (a duration)', default: '1s', duration: true },
  {
    key: 'restart.strategy',
    description:
      'what happens when the job fails on a retriable error (a lost broker connection, a timed-out transaction): it is closed, opened again, restored from its last committed checkpoint and resumed at its committed offsets; none = the job fails (default exponential for a job with checkpoints, none for the others)',
    values: ['none', 'fixed_delay', 'exponential'],
  },
  { key: 'restart.attempts', description: 'restarts in a row before the job fails (the count starts again after a run of restart.reset.after)', default: '10', positiveInteger: true },
  { key: 'restart.backoff', description: 'the wait before a restart: always (fixed_delay), or before the first, doubled for each next one (exponential) (a duration)', default: '100ms', duration: true },
  { key: 'restart.backoff.max', description: 'the longest wait before an exponential restart (a duration)', default: '10s', duration: true },
  { key: 'restart.reset.after', description: 'a run this long without failing starts the attempt count and the backoff again (a duration)', default: '60s', duration: true },
  {
    key: 'repartition.partitions',
    description: "partitions of the internal repartition topic of a scaled-out 'mode' = 'transactional' job whose state is keyed by columns other than _key (default: the source topic's)",
    positiveInteger: true,
  },
  { key: 'use_transactions', description: 'transactional sink', notSupportedYet: 'transactions (exactly-once issue)' },
  { key: 'event.time.field', description: 'the column holding each row\'s event time (default: _timestamp)', perSource: true },
  { key: 'event.time.format', description: 'how the event-time column is written: epoch_millis, epoch_seconds, iso8601 or a pattern (default: by its type)', perSource: true },
  { key: 'watermark.strategy', description: 'how watermarks follow event time (ascending = bound 0)', values: ['bounded_out_of_orderness', 'ascending'], default: 'bounded_out_of_orderness', perSource: true },
  { key: 'watermark.max_out_of_orderness', description: 'how far event time may go back (a duration, e.g. 5s)', default: '0', perSource: true, duration: true },
  { key: 'watermark.idle_timeout', description: 'a partition without rows this long stops holding windows open (a duration)', perSource: true, duration: true },
  { key: 'late.data.strategy', description: 'rows later than their window allows', values: ['drop', 'dead_letter', 'update_previous_window'], default: 'drop' },
  { key: 'late.data.allowed_lateness', description: 'how long after the watermark passes its end a window still takes rows (a duration)', default: '0', duration: true },
  {
    key: 'shutdown',
    description: "what a stop (SIGINT/SIGTERM) does with open windows: keep them unemitted, or drain them as final (as ferris run --drain)",
    values: ['keep', 'drain'],
    default: 'keep',
  },
  { key: 'state.ttl', description: 'forget a GROUP BY key, or a SELECT DISTINCT or UNION row, not updated for this long (a duration, processing time)', duration: true },
];

/**
 * Whether a key is a `batch.*` key: they are validated, with their precedence logged, by
 * `resolveBatchConfig` when the job opens (see docs/batching.md).
 */
export function isBatchKey(key: string): boolean {
  return key.toLowerCase().startsWith('batch.');
}

/** The spec of a job key, by exact (case-insensitive) name. */
export function jobKeySpec(key: string): JobKeySpec | undefined {
  const lower = key.toLowerCase();
  return JOB_KEYS.find((spec) => spec.key === lower);
}
