import { isTransactionalSink, type TransactionalSink } from '../connectors/transactionalSink.js';
import type { Sink } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { userMetricSpecs } from '../plan/app/metricAnnotations.js';
import type { JobPlan } from '../plan/planJob.js';
import type { Logger } from './logger.js';
import type { OutputObservers } from './openJob.js';

/**
 * The sink of a job whose output is observed (metrics are served and measure something of
 * this job): each batch goes to the observer, then to the sink. The job's `@metric`
 * annotations are checked here even when nothing observes them; without observers such a job
 * runs, warning that its metrics are not served.
 */
export function observedSink(sink: Sink, job: JobSpec, plan: JobPlan, log: Logger, observeOutput: OutputObservers | undefined): Sink {
  const declared = userMetricSpecs(job.statement);
  if (observeOutput === undefined) {
    if (declared.length > 0) {
      log('warn', `@metric annotations not served: ${declared.map((m) => m.name).join(', ')} (they are served by ferris server, or ferris run --metrics-port)`, { job: job.name });
    }
    return sink;
  }
  const observe = observeOutput(job, plan);
  if (observe === undefined) return sink;
  const observed: Sink = {
    write: (rows) => {
      observe(rows);
      return sink.write(rows);
    },
    flush: () => sink.flush(),
    close: () => sink.close(),
  };
  const acknowledged = sink.acknowledged?.bind(sink);
  if (acknowledged !== undefined) observed.acknowledged = acknowledged;
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
