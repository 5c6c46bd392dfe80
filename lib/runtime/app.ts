import { parseSql } from '../sql/parser.js';
import { substituteVariables } from '../sql/substitute.js';
import { analyzeApp, type AppSpec, type JobSpec } from '../plan/app/analyzeApp.js';
import type { Catalog } from '../plan/app/catalog.js';
import { runCommand } from './commands.js';
import type { Logger } from './logger.js';
import type { JobLinks, JobOptions, RunnableJob } from './openJob.js';
import { openRunnableJob } from './openRunnableJob.js';
import { appRestartErrors } from './restart/restartPolicy.js';
import { Pipeline } from './pipeline.js';
import { sinkTargetErrors } from './sinkTargets.js';
import { connectorErrors } from './connectorErrors.js';
import { BarrierInjector } from './barrierInjector.js';
import { inProcessInputs, upstreamJobs } from '../plan/app/jobGraph.js';
import { jobsSharingKafkaGroups, ownGroup } from './kafkaGroups.js';

/** Where an application's SQL comes from and how it runs. */
export interface AppOptions extends Pick<JobOptions, 'sourceFactory' | 'failures' | 'observeOutput'> {
  /** The SQL file, for error messages. */
  readonly file: string | undefined;
  /** Relative paths resolve against this directory (the SQL file's). */
  readonly baseDir: string;
  /** Values of `${name}` placeholders (from `--set`, then the environment). */
  readonly variables: (name: string) => string | undefined;
  readonly log: Logger;
  /** Where SHOW, DESCRIBE and EXPLAIN print (stdout for the CLI). */
  readonly print: (text: string) => void;
}

/** Substitutes `${name}`, parses and analyzes an application's SQL text (no I/O). */
export function loadApp(text: string, options: Pick<AppOptions, 'file' | 'variables'>, catalog?: Catalog): AppSpec {
  const sql = substituteVariables(text, options.variables);
  return analyzeApp(parseSql(sql, options.file === undefined ? {} : { file: options.file }), catalog);
}

/**
 * Starts an application: refuses bad connector keys (`connectorErrors`) and file sinks that
 * would destroy input (`sinkTargetErrors`), runs its commands in file order (printing their
 * output) and opens every job; returns the pipeline of jobs, not yet running. If a job cannot
 * be opened, the jobs opened before it are closed and the error is thrown. A job that reads
 * another's output in process is opened after that job, whatever their order in the file, and
 * jobs linked so share their checkpoint barriers. A `'mode' = 'transactional'` job over one
 * Kafka source runs as tasks spread over its consumer group (`scalesOut`, `openScaledJob`).
 * Jobs that would read one Kafka group each read under a group of their own
 * (`jobsSharingKafkaGroups`), so that none reads only part of its input.
 */
export async function startApp(app: AppSpec, options: AppOptions): Promise<Pipeline> {
  const [configError] = [
    ...app.jobs.flatMap((job) => connectorErrors(job, options.baseDir, options.sourceFactory)),
    ...sinkTargetErrors(app.jobs, options.baseDir),
    ...appRestartErrors(app.jobs).map((found) => found.error),
  ];
  if (configError !== undefined) throw configError;
  const jobs: RunnableJob[] = [];
  const seen: JobSpec[] = [];
  const openedJobs = new Map<JobSpec, RunnableJob>();
  const barriers = chainBarriers(app.jobs);
  const read = new Set(app.jobs.flatMap((job) => inProcessInputs(job).map((input) => input.upstream.toLowerCase())));
  const sharing = jobsSharingKafkaGroups(app.jobs, options.baseDir);
  for (const [job, group] of sharing) options.log('info', `jobs of this file share the Kafka group '${group}': this one reads under '${ownGroup(group, job.name)}'`, { job: job.name });
  const open = async (job: JobSpec): Promise<void> => {
    if (openedJobs.has(job)) return;
    const upstreams = upstreamJobs(job, app.jobs);
    for (const upstream of upstreams) await open(upstream);
    const outputs = new Map(upstreams.map((u) => [u.name.toLowerCase(), openedJobs.get(u)!.output!] as const));
    const linked = read.has(job.name.toLowerCase()) || upstreams.length > 0;
    const jobOptions = sharing.has(job) ? { ...options, ownKafkaGroup: true } : options;
    const links: JobLinks = { upstreams: outputs, read: read.has(job.name.toLowerCase()), barriers: barriers.get(job)! };
    const runnable = await openRunnableJob(job, jobOptions, options.log, linked, links);
    openedJobs.set(job, runnable);
    jobs.push(runnable);
  };
  try {
    for (const step of app.steps) {
      if (step.kind === 'command') {
        options.print(await runCommand(step, seen, options, app.jobs));
      } else {
        seen.push(step.job);
        await open(step.job);
      }
    }
  } catch (error) {
    await Promise.allSettled(jobs.map((job) => job.close()));
    throw error;
  }
  return new Pipeline(jobs, options.log);
}

/** One barrier injector per group of jobs linked by in-process reads (a checkpoint's barriers flow along the chain). */
function chainBarriers(jobs: readonly JobSpec[]): Map<JobSpec, BarrierInjector> {
  const group = new Map<JobSpec, JobSpec>(jobs.map((job) => [job, job]));
  const root = (job: JobSpec): JobSpec => (group.get(job) === job ? job : root(group.get(job)!));
  for (const job of jobs) {
    for (const upstream of upstreamJobs(job, jobs)) group.set(root(job), root(upstream));
  }
  const injectors = new Map<JobSpec, BarrierInjector>();
  return new Map(
    jobs.map((job) => {
      const key = root(job);
      if (!injectors.has(key)) injectors.set(key, new BarrierInjector());
      return [job, injectors.get(key)!];
    }),
  );
}
