import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { Row } from '../../types/value.js';
import { JsonRecordReader } from '../jsonRecordReader.js';
import { appendSystemColumns } from '../systemColumns.js';
import type { ConnectorContext, IngestEndpoints, IngestOutcome, Source } from '../types.js';

/** A batch read from a post, waiting for the pipeline to take it. */
interface QueuedBatch {
  readonly rows: Row[];
  readonly taken: () => void;
  readonly refused: (error: Error) => void;
}

/**
 * The source of a stream fed over HTTP. Each post's NDJSON lines are read into rows of the
 * declared columns (numbers exact, through `JsonRecordReader`) plus the system columns
 * (`_timestamp` the arrival time, `_offset` a running count, `_topic` the stream), cut into
 * batches of at most `batchSize` rows and queued; the post is answered once the pipeline has
 * taken every batch of it, so a 200 means the rows are in the job (a stop drains them) and a
 * slow job slows its posters instead of filling memory. A line that is not such a JSON object
 * goes to the job's failure routing; when that fails the job (`failure_strategy` = `fail`),
 * the post is refused and the source ends with the error. Posts after the job stopped, and
 * batches still queued when it stops, are refused with a retriable error.
 */
export class HttpSource implements Source {
  readonly bounded = false;
  private readonly reader: JsonRecordReader;
  private readonly queue: QueuedBatch[] = [];
  private readonly detach: () => void;
  private wakeReader: (() => void) | undefined;
  private ended = false;
  private failure: Error | undefined;
  private offset = 0;

  constructor(
    readonly schema: Schema,
    private readonly stream: string,
    private readonly batchSize: number,
    private readonly context: ConnectorContext,
    ingest: IngestEndpoints,
  ) {
    this.reader = new JsonRecordReader(schema);
    this.detach = ingest.attach(stream, (lines, bytes) => this.receive(lines, bytes));
    context.signal.addEventListener('abort', () => this.end(), { once: true });
  }

  /** Reads the lines of one post (a body of `bytes` bytes, counted in the job's bytes in) and queues their rows; resolves once the pipeline took them all. */
  async receive(lines: readonly string[], bytes: number): Promise<IngestOutcome> {
    if (this.ended) throw this.notReading();
    const metrics = this.context.metrics;
    if (metrics !== undefined) metrics.bytesIn += bytes;
    const now = Date.now();
    const batches: Row[][] = [];
    let rows: Row[] = [];
    let rejected = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '') continue;
      try {
        rows.push(appendSystemColumns(this.reader.read(line), now, this.offset++, 0, null, this.stream));
      } catch (error) {
        rejected++;
        this.routeBadLine(line, i + 1, error);
      }
      if (rows.length === this.batchSize) {
        batches.push(rows);
        rows = [];
      }
    }
    if (rows.length > 0) batches.push(rows);
    const accepted = batches.reduce((sum, batch) => sum + batch.length, 0);
    const taken = Promise.all(batches.map((batch) => new Promise<void>((resolve, refused) => this.queue.push({ rows: batch, taken: resolve, refused }))));
    this.wakeReader?.();
    await taken;
    return { accepted, rejected };
  }

  /** The queued batches, in the order posted; ends when the job stops, throws when a bad line failed it. */
  async *batches(): AsyncIterable<Row[]> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const next = this.queue.shift();
      if (next !== undefined) {
        next.taken();
        yield next.rows;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
      this.wakeReader = undefined;
    }
  }

  /** Stops receiving: later posts are refused. */
  async close(): Promise<void> {
    this.end();
  }

  /** Routes a line that could not be read; a routing that fails the job refuses the post and ends the source. */
  private routeBadLine(line: string, position: number, error: unknown): void {
    try {
      this.context.onBadRecord({ raw: line, origin: `POST /ingest/${this.stream}`, position, error: error instanceof Error ? error : new Error(String(error)) });
    } catch (failure) {
      this.failure = failure instanceof Error ? failure : new Error(String(failure));
      this.end();
      throw new FerrisError('BAD_RECORD', `line ${position}: ${(error as Error).message}`, { cause: failure });
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.detach();
    for (const batch of this.queue.splice(0)) batch.refused(this.notReading());
    this.wakeReader?.();
  }

  private notReading(): FerrisError {
    return new FerrisError('IO', `stream ${this.stream}: the job reading it is stopping; nothing of this post was taken`, { retriable: true });
  }
}
