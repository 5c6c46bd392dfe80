import type { Schema } from '../types/schema.js';
import type { Row } from '../types/value.js';

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
}

/** What the runtime gives a connector when opening it. */
export interface ConnectorContext {
  /** The directory relative paths resolve against (the SQL file's directory). */
  readonly baseDir: string;
  /** Called for every record that could not be read; the runtime routes it by failure_strategy. */
  readonly onBadRecord: (bad: BadRecord) => void;
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
  /** Makes a position durable (Kafka: commits the offsets under the group), so a restart resumes there. */
  commitPosition?(position: ReadPosition): Promise<void>;
  /**
   * Projection pushdown: told once, before the first batch is asked for, which declared
   * columns the job reads (`read[c]`, by the index in `schema`). A source may then leave
   * the others NULL instead of decoding them; one that ignores this decodes every column.
   */
  readColumns?(read: readonly boolean[]): void;
  close(): Promise<void>;
}

/** An opened sink. `write` resolves once the rows are accepted (buffers below their bound). */
export interface Sink {
  write(rows: readonly Row[]): Promise<void>;
  /** Resolves once everything written is durable in the destination. */
  flush(): Promise<void>;
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
  open(props: ConnectorProperties, schema: Schema, ctx: ConnectorContext, keyColumns?: readonly number[]): Promise<Sink>;
}
