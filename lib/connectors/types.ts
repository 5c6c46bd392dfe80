import type { BatchStrategyName } from '../../operators/batching/batchConfig.js';
import type { Schema } from '../types/schema.js';
import type { Row, Value } from '../types/value.js';

/** A record a source could not read, with where it came from. Nothing is dropped silently. */
export interface BadRecord {
  /** The raw text of the record (a CSV line, a JSON line). */
  readonly raw: string;
  /** Where it was: a file path, a topic. */
  readonly origin: string;
  /** 1-based line number in a file, or the offset in a partition. */
  readonly position: number;
  /** What is wrong with it, without the position (`origin` and `position` say where; the router prints them once). */
  readonly error: Error;
  /** A Kafka record's partition (`position` is then its offset). */
  readonly partition?: number;
  /** The record as it was read (a Kafka message's key, value and headers), for a dead-letter topic. */
  readonly record?: RawRecord;
  /** Other records of its batch dropped with it (`failure_strategy = 'fail_batch'`). */
  readonly droppedWith?: number;
}

/** A record's bytes as a source read them. */
export interface RawRecord {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: Readonly<Record<string, Uint8Array>>;
}

/** What a source that can do more than report a bad record (Kafka) is asked to do with one. */
export interface BadRecordPolicy {
  /** `fail_batch`: drop the fetched batch holding it; `retry_with_backoff`: read it again first; otherwise report it. */
  readonly strategy: string;
  /** How often to read it again before reporting it (`retry_with_backoff`). */
  readonly maxRetries: number;
  /** The wait before the first retry, doubled for each next one. */
  readonly retryBackoffMs: number;
}

/** What the runtime gives a connector when opening it. */
export interface ConnectorContext {
  /** The directory relative paths resolve against (the SQL file's directory). */
  readonly baseDir: string;
  /**
   * Called for every record that could not be read; the runtime routes it by
   * failure_strategy. A promise when routing completes later (a dead-letter topic: once the
   * broker acknowledged the record): a source that commits positions awaits it first.
   */
  readonly onBadRecord: (bad: BadRecord) => void | Promise<void>;
  /** The failure strategy of this source, for sources that carry out retries or batch drops themselves. */
  readonly badRecordPolicy?: BadRecordPolicy;
  /** Structured log line to stderr (level, message, fields). */
  readonly log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** Aborted when the job stops: unbounded sources end their iteration. */
  readonly signal: AbortSignal;
  /** The name of the job the connector belongs to (e.g. for a default consumer group). */
  readonly jobName?: string;
  /**
   * For a sink: the record key of an output row, from its key columns (GROUP BY or PRIMARY
   * KEY; compound keys joined with `|`); null when the output has no key columns.
   */
  readonly recordKey?: (row: Row) => string | null;
  /** The name of the connector being opened: the stream or table as the query names it. */
  readonly connectorName?: string;
  /** Where an `http_source` receives its records: the job server's `POST /ingest/<stream>`; absent outside the server. */
  readonly ingest?: IngestEndpoints;
  /** Set when the job takes checkpoints (`'checkpoint.dir'`): a source must be resumable, a sink commits per epoch. */
  readonly checkpointing?: CheckpointingContext;
  /** The job's counters a connector adds to (per chunk, batch or transaction, never per row); absent outside a job. */
  readonly metrics?: ConnectorMetrics;
  /** The batch strategy whose client suggestions a Kafka connector takes where the user set nothing (see `connectorStrategy`); absent without batching. */
  readonly batchStrategy?: BatchStrategyName;
  /** How the user wrote each of the connector's keys (`linger.ms` → `sink.linger.ms`), for messages; absent when not written in SQL. */
  readonly keysAsWritten?: ReadonlyMap<string, string>;
}

/** What connectors count for their job's metrics (`JobMetrics` is one). */
export interface ConnectorMetrics {
  /** Bytes the sources read: file chunks (decompressed), Kafka message keys and values, HTTP ingest bodies. */
  bytesIn: number;
  /** Bytes the sink wrote: encoded file or stdout text, Kafka message keys and values. */
  bytesOut: number;
  /** Kafka consumer lag of each partition read (high watermark minus the next offset), by topic then partition. */
  readonly consumerLag: Map<string, Map<number, number>>;
  /** Transactions of a transactional sink: committed and aborted. */
  readonly transactions: { commits: number; aborts: number };
}

/** What a connector of a checkpointing job is told when it opens. */
export interface CheckpointingContext {
  /**
   * Where checkpoints go: `files` (`'checkpoint.dir'`), or `kafka` (`'mode' = 'transactional'`:
   * the changelog topic, in the Kafka sink's transaction with the outputs and the source offsets).
   */
  readonly store: 'files' | 'kafka';
  /** The application the job belongs to (the group of its Kafka source, else `ferris`): names its transactional id and changelog topic. */
  readonly app: string;
  /** How often the job takes a checkpoint (ms): a sink's transaction stays open about this long. */
  readonly intervalMs: number;
  /**
   * The epoch of the checkpoint the job resumes from (0 on a fresh start): a transactional sink
   * keeps what it committed up to it, commits what it had pre-committed up to it and throws
   * away anything later (the transactions of the run that died).
   */
  readonly resumedEpoch: number;
  /**
   * The task of a scaled-out job this connector belongs to (`ticks-3`: partition 3 of topic
   * `ticks`; `repartition-1`), undefined for a job run as one pipeline: a transactional sink
   * then has the task's own transactional id and checkpoint.
   */
  readonly task?: string;
}

/** What one receiver made of the NDJSON lines of one post. */
export interface IngestOutcome {
  /** Lines read into rows. */
  readonly accepted: number;
  /** Lines that were not JSON objects of the stream's columns (routed by the job's failure_strategy). */
  readonly rejected: number;
}

/**
 * Takes the lines posted to one stream (`bytes`: the size of the post's body): resolves once
 * their rows were taken by the job's pipeline (a slow job makes it wait).
 */
export type IngestReceiver = (lines: readonly string[], bytes: number) => Promise<IngestOutcome>;

/**
 * The streams fed over HTTP (the job server's ingest routes): an `http_source` attaches a
 * receiver under its stream's name while it is open; every post to that stream goes to every
 * receiver attached to it.
 */
export interface IngestEndpoints {
  /** Attaches `receiver` to `stream` (names ignore case); returns the detach function. */
  attach(stream: string, receiver: IngestReceiver): () => void;
}

/** Where a source stands: an opaque token of what it has handed out, taken by `readPosition`. */
export type ReadPosition = unknown;

/**
 * An opened source. Rows are full width: the schema's declared columns followed by the
 * system columns of `SYSTEM_COLUMNS` (_timestamp, _offset, _partition, _key, _topic).
 */
export interface Source {
  /** Declared columns only (no system columns); known once the source is opened. */
  readonly schema: Schema;
  /** Whether the source ends by itself (files without `watching`, datagen with a count). */
  readonly bounded: boolean;
  /**
   * How many partitions (`_partition` values) the source will read, when known up front (the
   * files of a glob): watermarks wait until each has been seen, so reading the files one after
   * the other does not make the rows of later files late.
   */
  readonly partitions?: number;
  /**
   * Pulls batches on demand: a batch is read only when the consumer asks for the next one,
   * so the number of batches in memory is bounded by the consumer.
   */
  batches(): AsyncIterable<Row[]>;
  /**
   * At-least-once delivery (a source that can commit, e.g. Kafka): the position after every
   * batch handed out so far. The runtime takes it, waits until the sink has acknowledged the
   * rows of those batches, then passes it to `commitPosition`.
   */
  readPosition?(): ReadPosition;
  /** The consumer group the source reads under (Kafka); it names the application in checkpoint topics. */
  readonly group?: string;
  /** Makes a position durable (Kafka: commits the offsets under the group), so a restart resumes there. */
  commitPosition?(position: ReadPosition): Promise<void>;
  /**
   * Projection pushdown: told once, before the first batch is asked for, which columns of
   * its rows the job reads (`read[c]`, by the index in the row: the declared columns of
   * `schema`, then the system columns). A source may then leave the others NULL instead of
   * decoding (or computing) them; one that ignores this decodes every column.
   */
  readColumns?(read: readonly boolean[]): void;
  /**
   * Event-time progress of partitions learnt without rows since the last call (a scaled-out
   * job's repartition markers: source partition and its largest event time), taken out by
   * the runtime after each batch and passed on as per-partition watermarks.
   */
  takeProgress?(): readonly PartitionProgress[];
  close(): Promise<void>;
}

/** One partition's largest event time, as a source learnt it without a row. */
export interface PartitionProgress {
  readonly partition: Value;
  readonly eventTime: number;
}

/** An opened sink. `write` resolves once the rows are accepted (buffers below their bound). */
export interface Sink {
  /** Where the output goes, for people, when the sink knows better than its properties say (part files: `file_sink /abs/out.part-*.jsonl`). */
  readonly target?: string;
  write(rows: readonly Row[]): Promise<void>;
  /** Resolves once everything written is durable in the destination. */
  flush(): Promise<void>;
  /**
   * Resolves once everything written before the call is durable, without holding back later
   * writes (the at-least-once commit of a running job waits for it beside the writes); a sink
   * without it is flushed between two writes instead.
   */
  acknowledged?(): Promise<void>;
  close(): Promise<void>;
}

/** Properties of one connector after the `<name>.` prefix is removed, e.g. `path`, `format`. */
export type ConnectorProperties = ReadonlyMap<string, string>;

/** One accepted property of a connector, used to validate WITH keys and list the valid ones. */
export interface PropertySpec {
  readonly key: string;
  readonly description: string;
  readonly default?: string;
  /** The accepted values when the property is an enumeration. */
  readonly values?: readonly string[];
  /** When the property is a whole number: the least value accepted. */
  readonly min?: number;
  /** Values recognised but refused until they are built (value → what they need), reported as `not supported yet`. */
  readonly notSupportedYet?: Readonly<Record<string, string>>;
}

/** Creates sources of one `type` (e.g. `file_source`). */
export interface SourceFactory {
  readonly type: string;
  readonly properties: readonly PropertySpec[];
  /**
   * Opens the source. `declared` is the column list of `CREATE STREAM name (cols) WITH (...)`
   * when the user gave one; otherwise the source infers its schema (e.g. from a CSV header
   * and the first records) before resolving.
   */
  open(props: ConnectorProperties, declared: Schema | undefined, ctx: ConnectorContext): Promise<Source>;
  /**
   * Whether a source opened with these properties ends by itself (its `bounded`), known
   * without opening it, so that planning, `check` and EXPLAIN need no connection or file.
   * Absent when only the opened source knows.
   */
  endsByItself?(props: ConnectorProperties): boolean;
  /**
   * Throws the CONFIG error of properties that are each valid but do not fit together (a
   * schema key of another format), without opening anything, so that `ferris check` reports it.
   * `keysAsWritten` says how the user wrote each key, for the message.
   */
  checkProperties?(props: ConnectorProperties, keysAsWritten?: ReadonlyMap<string, string>): void;
}

/** Creates sinks of one `type` (e.g. `file_sink`). `schema` is the schema of the rows written. */
export interface SinkFactory {
  readonly type: string;
  readonly properties: readonly PropertySpec[];
  /**
   * Opens the sink. `keyColumns` are the indices of the output columns that form the record
   * key (a table's PRIMARY KEY or GROUP BY keys; empty without one; the runtime always passes them): a keyed sink (Kafka's
   * message key, an upsert) builds each row's key from them (`recordKey`).
   */
  /** As {@link SourceFactory.checkProperties}. */
  checkProperties?(props: ConnectorProperties, keysAsWritten?: ReadonlyMap<string, string>): void;
  /**
   * Begins, without waiting and without failing, what opening the sink will wait for and is
   * slow to start (kafka_sink: its producer thread), so that it starts while the job's sources
   * open. The runtime calls it before it opens a job's sources; `open` does not depend on it.
   */
  prepare?(props: ConnectorProperties): void;
  open(props: ConnectorProperties, schema: Schema, ctx: ConnectorContext, keyColumns?: readonly number[]): Promise<Sink>;
}
