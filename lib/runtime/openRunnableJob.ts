import type { JobSpec } from '../plan/app/analyzeApp.js';
import { openJob, type JobLinks, type JobOptions, type RunnableJob } from './openJob.js';
import type { Logger } from './logger.js';
import { openWithRestarts } from './restart/restartingJob.js';
import { scalesOut } from './scale/scaleOutPlan.js';

/**
 * Opens a job the way it runs, restarting per its restart strategy: as tasks spread over its
 * consumer group when it scales out (a `'mode' = 'transactional'` job over one Kafka source
 * into a Kafka sink, `scalesOut`, `openScaledJob`), else as one pipeline (`openJob`, with
 * `links` when it reads or is read by other jobs in process). Used by `ferris run` and by
 * `ferris server`, so that a job scales out the same whichever started it.
 *
 * @param linked whether the job reads another job's output in process or is read by one
 */
export async function openRunnableJob(job: JobSpec, options: JobOptions, log: Logger, linked: boolean, links?: JobLinks): Promise<RunnableJob> {
  const openOnce = async (): Promise<RunnableJob> =>
    scalesOut(job, linked)
      ? // Loaded only for a job that runs as tasks: a file job never imports kafkajs.
        await (await import('./scale/scaledJob.js')).openScaledJob(job, options)
      : await openJob(job, options, links);
  return openWithRestarts(job, openOnce, log, linked);
}
