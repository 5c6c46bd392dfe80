import { Observable } from '../../../operators/rxjs.js';
import { appendSystemColumns } from '../../connectors/systemColumns.js';
import type { JobOutputShape } from '../../plan/app/inProcessSources.js';
import { recordKey } from '../recordKey.js';
import type { Message } from '../../types/message.js';
import type { Row } from '../../types/value.js';
import type { FlowGate } from '../flowGate.js';
import type { JobMetrics } from '../jobMetrics.js';
import type { OutputReader } from './jobOutput.js';

/**
 * The head of a job's graph for a source that reads another job's output in process: the
 * messages of that job in order, rows widened to source rows (the job's output columns, then
 * the system columns: `_timestamp` the time the row was handed over, `_offset` its position in
 * the output, `_partition` 0, `_key` its record key, `_topic` the job's name), watermarks and
 * barriers as they are. The next message is taken only when `gate` has room, so this job's
 * sink paces the job it reads. It completes when that job's output ends (a stop of the
 * application stops that job, which then ends), and fails when that job fails.
 *
 * ```text
 * upstream output:  -a--w--B--b--|     (rows, watermark, barrier)
 * result:           -a'-w--B--b'-|     a' = a's rows with system columns
 * ```
 */
export function inProcessObservable(reader: OutputReader, upstream: string, shape: JobOutputShape, gate: FlowGate, metrics: JobMetrics): Observable<Message> {
  return new Observable<Message>((subscriber) => {
    let closed = false;
    let offset = 0;
    const width = shape.schema.fields.length;
    /** Copies of the rows (the upstream's own sink may still hold them), cut to the output's columns, with the system columns appended. */
    const widen = (rows: readonly Row[]): Row[] => {
      const now = Date.now();
      return rows.map((row) => appendSystemColumns(row.slice(0, width), now, offset++, 0, recordKey(row, shape.keyColumns), upstream));
    };
    const pump = async (): Promise<void> => {
      for (;;) {
        const wait = gate.whenOpen();
        if (wait) await wait;
        if (closed) return;
        const message = await reader.next();
        if (closed) return;
        if (message === undefined) break;
        if (message.kind !== 'data') {
          subscriber.next(message);
          continue;
        }
        metrics.rowsIn += message.rows.length;
        subscriber.next({ kind: 'data', rows: widen(message.rows) });
      }
      subscriber.complete();
    };
    pump().catch((error: unknown) => subscriber.error(error));
    return () => {
      closed = true;
      reader.close();
    };
  });
}
