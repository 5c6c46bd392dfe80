import { FerrisError } from '../../types/errors.js';
import type { ConnectorSpec } from './connectorSpec.js';

/** What the job graph needs of a job: its name, its statement's kind and its sources. */
interface GraphJob {
  readonly name: string;
  readonly statement: { readonly type: string };
  readonly sources: ReadonlyMap<string, ConnectorSpec>;
}

/** The job that creates the stream or table `name` (a CSAS, CTAS or DEPLOY JOB; not an INSERT INTO it). */
function creatorOf<J extends GraphJob>(name: string, jobs: readonly J[]): J | undefined {
  const folded = name.toLowerCase();
  return jobs.find((j) => j.name.toLowerCase() === folded && (j.statement.type === 'create_as_select' || j.statement.type === 'deploy_job'));
}

/** The sources of a job that read another job's output in process, with that job's name. */
export function inProcessInputs(job: GraphJob): { readonly id: string; readonly spec: ConnectorSpec; readonly upstream: string }[] {
  return [...job.sources].flatMap(([id, spec]) => (spec.upstream === undefined ? [] : [{ id, spec, upstream: spec.upstream }]));
}

/** The jobs whose output `job` reads in process (by job, not by name), in source order. */
export function upstreamJobs<J extends GraphJob>(job: J, jobs: readonly J[]): J[] {
  return inProcessInputs(job).map(({ upstream, spec }) => {
    const found = creatorOf(upstream, jobs);
    if (found === undefined) throw new FerrisError('SQL_BIND', `'${spec.name}' names the job '${upstream}', which is not a job of this application`, { location: spec.location });
    return found;
  });
}

/**
 * Checks that jobs reading each other's output form no cycle (a job cannot read its own
 * output, directly or through others): a cycle is a planning error located at the FROM
 * reference that closes it, naming every job on it (`a → b → a`).
 */
export function checkJobCycles(jobs: readonly GraphJob[]): void {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (job: GraphJob): void => {
    const key = job.name.toLowerCase();
    if (done.has(key)) return;
    path.push(key);
    for (const input of inProcessInputs(job)) {
      const upstream = input.upstream.toLowerCase();
      const at = path.indexOf(upstream);
      if (at >= 0) {
        const names = [...path.slice(at), upstream].map((name) => jobs.find((j) => j.name.toLowerCase() === name)?.name ?? name);
        throw new FerrisError('SQL_BIND', `jobs read each other's output in a cycle (${names.join(' → ')}): a job cannot read its own output, directly or through other jobs`, {
          location: input.spec.location,
        });
      }
      const next = creatorOf(upstream, jobs);
      if (next !== undefined) visit(next);
    }
    path.pop();
    done.add(key);
  };
  for (const job of jobs) visit(job);
}

/**
 * The graph of jobs as text for EXPLAIN, upstream first: one line per job with what it reads
 * (its sources; another job's output marked `job`), where it writes, and which jobs read its
 * output in process; empty when no job reads another's.
 *
 * ```text
 * Jobs (3, in process):
 *   a: reads trades (file_source) → file_sink, read by b
 *   b: reads a (job) → in_process, read by c
 *   c: reads b (job) → stdout
 * ```
 */
export function describeJobGraph<J extends GraphJob & { readonly sink: ConnectorSpec }>(jobs: readonly J[]): string {
  if (!jobs.some((job) => inProcessInputs(job).length > 0)) return '';
  const ordered: J[] = [];
  const seen = new Set<J>();
  const visit = (job: J): void => {
    if (seen.has(job)) return;
    seen.add(job);
    for (const input of inProcessInputs(job)) {
      const upstream = creatorOf(input.upstream, jobs);
      if (upstream !== undefined) visit(upstream);
    }
    ordered.push(job);
  };
  for (const job of jobs) visit(job);
  const lines = ordered.map((job) => {
    const reads = [...job.sources.values()].map((s) => `${s.name} (${s.upstream === undefined ? s.type : 'job'})`);
    const readers = jobs.filter((j) => inProcessInputs(j).some((i) => i.upstream.toLowerCase() === job.name.toLowerCase()) && creatorOf(job.name, jobs) === job);
    return `  ${job.name}: reads ${reads.join(', ') || 'no FROM'} → ${job.sink.type}${readers.length > 0 ? `, read by ${readers.map((r) => r.name).join(', ')}` : ''}`;
  });
  return `Jobs (${jobs.length}, in process):\n${lines.join('\n')}\n`;
}
