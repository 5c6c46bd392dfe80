import type { RelationKind } from '../../sql/ast.js';
import type { SourceLocation } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { ConnectorConfig } from './catalog.js';

/** A connector of a job: which relation it is, how it is configured, its declared columns. */
export interface ConnectorSpec extends ConnectorConfig {
  /** The name as written in the statement (or the URI). */
  readonly name: string;
  /** The source's own event-time and watermark keys (`SOURCE_TIME_KEYS`: `<name>.event.time.field`, `<name>.watermark.max_out_of_orderness`, ...). */
  readonly timeKeys: ReadonlyMap<string, string>;
  /** STREAM, or TABLE: read as the latest row per `primaryKey`. */
  readonly kind: RelationKind;
  readonly primaryKey: readonly string[];
  readonly declared: Schema | undefined;
  readonly location: SourceLocation;
  /**
   * For a source that reads another job's output in process (`CREATE STREAM b AS SELECT ...
   * FROM a` where `a` is a job of the same file): that job's name. Its type is
   * {@link IN_PROCESS}; its columns are the output of that job, known once it is planned.
   */
  readonly upstream?: string;
  /** For a sink: the statement configured none and no job reads its output, so it writes to stdout. */
  readonly defaultedSink?: true;
}

/**
 * The connector type of a job's output read in process by other jobs of the same file: as a
 * source, the rows, watermarks and barriers of that job; as the sink of a job that configures
 * none, its rows go only to the jobs reading it.
 */
export const IN_PROCESS = 'in_process';

/** A connector of a plain stream: no declared columns, no key, no event-time keys of its own. */
export function streamConnector(name: string, type: string, properties: ReadonlyMap<string, string>, location: SourceLocation): ConnectorSpec {
  return { name, type, properties, timeKeys: new Map(), kind: 'STREAM', primaryKey: [], declared: undefined, location };
}
