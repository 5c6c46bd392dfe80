import { parseSql } from '../sql/parser.js';
import { substituteVariables } from '../sql/substitute.js';
import { analyzeApp, type AppSpec, type JobSpec } from '../plan/app/analyzeApp.js';
import type { Catalog } from '../plan/app/catalog.js';
import { runCommand } from './commands.js';
import type { Logger } from './logger.js';
import { openJob, type JobOptions, type RunnableJob } from './openJob.js';
import { Pipeline } from './pipeline.js';
import { sinkTargetErrors } from './sinkTargets.js';
import { connectorErrors } from './connectorErrors.js';

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
 * be opened, the jobs opened before it are closed and the error is thrown.
 */
export async function startApp(app: AppSpec, options: AppOptions): Promise<Pipeline> {
  const [configError] = [...app.jobs.flatMap((job) => connectorErrors(job, options.baseDir, options.sourceFactory)), ...sinkTargetErrors(app.jobs, options.baseDir)];
  if (configError !== undefined) throw configError;
  const jobs: RunnableJob[] = [];
  const seen: JobSpec[] = [];
  try {
    for (const step of app.steps) {
      if (step.kind === 'command') {
        options.print(await runCommand(step, seen, options));
      } else {
        seen.push(step.job);
        jobs.push(await openJob(step.job, options));
      }
    }
  } catch (error) {
    await Promise.allSettled(jobs.map((job) => job.close()));
    throw error;
  }
  return new Pipeline(jobs, options.log);
}
