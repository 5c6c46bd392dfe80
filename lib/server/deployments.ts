import type { JobAction, Statement } from '../sql/ast.js';
import { parseSql } from '../sql/parser.js';
import { substituteVariables } from '../sql/substitute.js';
import { analyzeApp, type CommandStep, type JobSpec } from '../plan/app/analyzeApp.js';
import { Catalog, type CatalogEntry } from '../plan/app/catalog.js';
import { runCommand } from '../runtime/commands.js';
import { connectorErrors } from '../runtime/connectorErrors.js';
import type { JobOptions } from '../runtime/openJob.js';
import { restartErrors } from '../runtime/restart/restartPolicy.js';
import { sinkTargetErrors } from '../runtime/sinkTargets.js';
import { textTable } from '../runtime/textTable.js';
import { compileLike } from '../functions/like.js';
import { notSupported } from '../types/errors.js';
import { HttpError } from './httpError.js';
import type { JobManager } from './jobManager.js';
import type { StateStore } from './stateStore.js';

/** What `POST /sql` did: the jobs it deployed, the text of the statements that answer with text, and a trailing SELECT to stream. */
export interface SqlOutcome {
  readonly jobs: string[];
  readonly results: { readonly statement: string; readonly output: string }[];
  /** The job of a SELECT ending the request: its rows are the answer (NDJSON). */
  query: JobSpec | undefined;
}

/** The statement types that deploy a job. */
const DEPLOYING: ReadonlySet<Statement['type']> = new Set(['create_as_select', 'insert_into', 'select_into', 'deploy_job']);

/**
 * The server's SQL session: one catalog for every request, the jobs deployed from it, and the
 * statements saved so that a restart brings both back. Statements of a request run in order;
 * when one fails, those before it have taken effect. Requests run one at a time (`execute`,
 * `control` and `restore` queue behind each other), so two requests never deploy the same name
 * at once nor see the catalog half changed; an ad-hoc SELECT only holds the queue while its
 * job is planned, not while its rows stream.
 */
export class Deployments {
  private readonly catalog = new Catalog();
  private restoring = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly jobs: JobManager,
    private readonly store: StateStore,
    /** How the jobs are opened (also the ad-hoc queries). */
    readonly options: JobOptions,
    /** Values of `${name}` placeholders (the server's environment). */
    private readonly variables: (name: string) => string | undefined,
  ) {}

  /** Whether the saved jobs are being brought back (the server is not ready yet). */
  get starting(): boolean {
    return this.restoring;
  }

  /** The stream or table of a name in the server's catalog. */
  entry(name: string): CatalogEntry | undefined {
    return this.catalog.get(name);
  }

  /** Runs the statements of a request (see {@link SqlOutcome}). */
  execute(text: string): Promise<SqlOutcome> {
    return this.inTurn(() => this.executeNow(text));
  }

  /** STOP (drains, then stops), PAUSE, RESUME or START (deploys again from its SQL) a job; returns a line saying what happened. */
  control(action: JobAction, name: string): Promise<string> {
    return this.inTurn(() => this.controlNow(action, name));
  }

  /**
   * Brings back what the store saved, in order: declarations and DROPs rebuild the catalog,
   * jobs are deployed again (paused ones paused, stopped ones listed as stopped). A statement
   * that fails now is logged and its job listed as failed with the error.
   */
  restore(): Promise<void> {
    this.restoring = true;
    return this.inTurn(() => this.restoreNow()).finally(() => (this.restoring = false));
  }

  /** Runs `work` once everything queued before it has settled. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(work, work);
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async executeNow(text: string): Promise<SqlOutcome> {
    const sql = substituteVariables(text, this.variables);
    const statements = parseSql(sql);
    if (statements.length === 0) throw new HttpError(400, 'NO_STATEMENT', 'the body holds no SQL statement');
    const outcome: SqlOutcome = { jobs: [], results: [], query: undefined };
    for (const [i, statement] of statements.entries()) await this.run(statement, textOf(sql, statement), i === statements.length - 1, outcome);
    return outcome;
  }

  private async controlNow(action: JobAction, name: string): Promise<string> {
    switch (action) {
      case 'STOP': {
        const job = await this.jobs.stop(name, true);
        this.store.setJobState(job.name, 'stopped');
        return `stopped job ${job.name}\n`;
      }
      case 'PAUSE': {
        const job = this.jobs.pause(name);
        this.store.setJobState(job.name, 'paused');
        return `paused job ${job.name}\n`;
      }
      case 'RESUME': {
        const job = this.jobs.resume(name);
        this.store.setJobState(job.name, 'running');
        return `resumed job ${job.name}\n`;
      }
      case 'START': {
        const job = this.jobs.get(name);
        this.jobs.checkFree(job.name);
        const [statement] = parseSql(job.sql);
        await this.deploy(analyzeApp([statement!], this.catalog).jobs[0]!, job.sql, false);
        this.store.setJobState(job.name, 'running');
        return `started job ${job.name}\n`;
      }
    }
  }

  private async restoreNow(): Promise<void> {
    for (const saved of this.store.list()) {
      try {
        const [statement] = parseSql(saved.sql);
        const app = analyzeApp([statement!], this.catalog);
        if (saved.job === undefined) continue;
        if (saved.job.state === 'stopped') this.jobs.addEnded(saved.job.name, saved.sql, 'stopped');
        else await this.deploy(app.jobs[0]!, saved.sql, saved.job.state === 'paused');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.options.log('error', 'a saved statement failed on restart', { sql: saved.sql, error: message });
        if (saved.job !== undefined) this.jobs.addEnded(saved.job.name, saved.sql, 'failed', message);
      }
    }
  }

  private async run(statement: Statement, sql: string, last: boolean, outcome: SqlOutcome): Promise<void> {
    if (statement.type === 'job_control') {
      outcome.results.push({ statement: sql, output: await this.controlNow(statement.action, statement.name.text) });
      return;
    }
    if (statement.type === 'query') {
      if (!last) throw notSupported('a SELECT before other statements of the same request: its rows are the answer, so it comes last', statement.loc);
      outcome.query = this.analyzed(statement).jobs[0];
      return;
    }
    if (statement.type === 'drop') {
      const job = this.jobs.find(statement.name.text);
      if (job?.live) throw new HttpError(409, 'JOB_RUNNING', `job '${job.name}' writes ${statement.name.text} and is ${job.status}: stop it (STOP JOB ${job.name}) before dropping it`);
    }
    if (statement.type === 'deploy_job' && statement.strategy !== null) {
      throw notSupported(`DEPLOY JOB ... STRATEGY ${statement.strategy.kind} (roll-out strategies; stop the running job, then deploy the new one)`, statement.strategy.loc);
    }
    if (DEPLOYING.has(statement.type)) {
      const before = this.catalog.list();
      const spec = this.analyzed(statement).jobs[0]!;
      try {
        await this.deploy(spec, sql, false);
      } catch (error) {
        this.resetCatalog(before);
        throw error;
      }
      this.store.append({ sql, job: { name: spec.name, state: 'running' } });
      outcome.jobs.push(spec.name);
      return;
    }
    const app = this.analyzed(statement);
    if (statement.type === 'create_source' || statement.type === 'drop') this.store.append({ sql });
    const step = app.steps.find((s): s is CommandStep => s.kind === 'command');
    if (step === undefined) return;
    const output =
      step.statement.type === 'show' && (step.statement.what === 'JOBS' || step.statement.what === 'QUERIES') ? this.showJobs(step.statement.like) : await runCommand(step, [], this.options);
    outcome.results.push({ statement: sql, output });
  }

  private analyzed(statement: Statement): ReturnType<typeof analyzeApp> {
    return analyzeApp([statement], this.catalog);
  }

  /** Checks a job's connector keys, sink target and restart keys, then opens and runs it (restarting it after a retriable failure, as `ferris run` does). */
  private async deploy(spec: JobSpec, sql: string, paused: boolean): Promise<void> {
    const [error] = [...connectorErrors(spec, this.options.baseDir, this.options.sourceFactory), ...sinkTargetErrors([spec], this.options.baseDir), ...restartErrors(spec, false)];
    if (error !== undefined) throw error;
    await this.jobs.deploy(spec, sql, paused);
  }

  /** Puts the catalog back as it was (a job that could not be opened leaves no trace). */
  private resetCatalog(entries: readonly CatalogEntry[]): void {
    for (const entry of this.catalog.list()) this.catalog.delete(entry.name);
    for (const entry of entries) this.catalog.put(entry);
  }

  /** `SHOW JOBS [LIKE 'pattern']`: the server's jobs with their status and rows (LIKE on the name, ignoring case). */
  private showJobs(like: string | null): string {
    const matches = like === null ? () => true : compileLike(like, true);
    return textTable(
      ['job', 'status', 'rows_in', 'rows_out'],
      this.jobs.list.filter((job) => matches(job.name)).map((job) => [job.name, job.status, String(job.metrics.rowsIn), String(job.metrics.rowsOut)]),
    );
  }
}

/**
 * The text of one statement in the request, from its first annotation (`-- @metric: ...`, so
 * that a saved job keeps them); the whole request when the parser gave no offsets.
 */
function textOf(sql: string, statement: Statement): string {
  const start = statement.annotations[0]?.loc.offset ?? statement.loc.offset;
  const end = statement.loc.endOffset;
  return start === undefined || end === undefined ? sql.trim() : sql.slice(start, end).trim();
}
