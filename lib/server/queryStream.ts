import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { formatOptions } from '../connectors/outputOptions.js';
import { recordLayout, type RecordLayout } from '../connectors/output/recordLayout.js';
import type { Sink } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { Job } from '../runtime/job.js';
import { openJob, type JobOptions } from '../runtime/openJob.js';
import { connectorErrors } from '../runtime/connectorErrors.js';
import type { Schema } from '../types/schema.js';
import type { Row } from '../types/value.js';
import { errorAnswer } from './httpError.js';

/** The media type of the rows of an ad-hoc query. */
const NDJSON = 'application/x-ndjson';

/**
 * A sink writing JSON lines into an HTTP response, waiting for `drain` when the client reads
 * slower than the job writes. Once the client is gone, rows are dropped (the query is being
 * stopped), so a write never waits for a socket that will not drain.
 */
class ResponseSink implements Sink {
  private readonly layout: RecordLayout;

  constructor(
    private readonly response: ServerResponse,
    schema: Schema,
  ) {
    this.layout = recordLayout(schema, { ...formatOptions(new Map()), format: 'jsonl', delimiter: ',', header: false });
  }

  async write(rows: readonly Row[]): Promise<void> {
    if (this.response.destroyed) return;
    if (!this.response.write(this.layout.rows(rows, 0, rows.length, 0))) {
      await Promise.race([once(this.response, 'drain'), once(this.response, 'close')]);
    }
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * Runs the job of an ad-hoc SELECT with its rows as the response: 200 with NDJSON, one line
 * per row, written as they come. It ends when the query does (bounded sources, a LIMIT
 * reached) or when the client disconnects (the job is stopped). An error before the first
 * row is an ordinary JSON error answer; one after it is the last line, `{"error": {...}}`.
 */
export async function streamQuery(spec: JobSpec, response: ServerResponse, options: JobOptions): Promise<void> {
  const [configError] = connectorErrors(spec, options.baseDir, options.sourceFactory);
  if (configError !== undefined) throw configError;
  // An ad-hoc query is not a deployed job: it feeds no metrics.
  const runnable = await openJob(spec, { ...options, observeOutput: undefined, sink: (schema) => new ResponseSink(response, schema) });
  const job = new Job(runnable);
  const stop = (): void => void job.stop(false);
  response.on('close', stop);
  response.writeHead(200, { 'content-type': NDJSON, 'cache-control': 'no-store' });
  response.flushHeaders();
  try {
    await job.run();
  } catch (error) {
    if (!response.destroyed) response.write(JSON.stringify({ error: errorAnswer(error).body }) + '\n');
  } finally {
    response.off('close', stop);
    response.end();
  }
}
