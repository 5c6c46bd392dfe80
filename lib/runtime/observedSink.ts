import { isTransactionalSink, type TransactionalSink } from '../connectors/transactionalSink.js';
import type { Sink } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { userMetricSpecs } from '../plan/app/metricAnnotations.js';
import type { Schema } from '../types/schema.js';
import type { Logger } from './logger.js';
import type { JobOptions } from './openJob.js';

/**
 * The sink of a job with its output observed when the job declares user metrics (`@metric`,
 * checked here even when nothing observes them): each batch goes to the observer, then to the
 * sink. Without an observer the job runs, warning that its metrics are not served.
 */
export function observedSink(sink: Sink, job: JobSpec, output: Schema, log: Logger, observeOutput: JobOptions['observeOutput']): Sink {
  const declared = userMetricSpecs(job.statement);
  if (declared.length === 0) return sink;
  const observe = observeOutput?.(job, output);
  if (observe === undefined) {
    log('warn', `@metric annotations not served: ${declared.map((m) => m.name).join(', ')} (they are served by ferris server, or ferris run --metrics-port)`, { job: job.name });
    return sink;
  }
  const observed: Sink = {
    write: (rows) => {
      observe(rows);
      return sink.write(rows);
    },
    flush: () => sink.flush(),
    close: () => sink.close(),
  };
  if (!isTransactionalSink(sink)) return observed;
  // A transactional sink stays one: the sink stage drives its transaction through the wrapper.
  const transactional: TransactionalSink = {
    ...observed,
    begin: (epoch) => sink.begin(epoch),
    preCommit: (epoch) => sink.preCommit(epoch),
    commit: (epoch) => sink.commit(epoch),
    abort: (epoch) => sink.abort(epoch),
  };
  return transactional;
}
