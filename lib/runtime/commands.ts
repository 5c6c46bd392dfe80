import { listAggregates } from '../aggregates/registry.js';
import { compileLike } from '../functions/like.js';
import { listFunctions } from '../functions/registry.js';
import type { CommandStep, JobSpec } from '../plan/app/analyzeApp.js';
import type { CatalogEntry } from '../plan/app/catalog.js';
import { describeJobGraph, upstreamJobs } from '../plan/app/jobGraph.js';
import { explainLogical, explainPhysical } from '../plan/explain.js';
import type { JobPlan } from '../plan/planJob.js';
import { FerrisError, notSupported, type SourceLocation } from '../types/errors.js';
import { formatType } from '../types/sqlType.js';
import { planLinked } from './chain/planLinked.js';
import { explainKafkaSettings } from './explainKafkaSettings.js';
import type { JobOptions } from './openJob.js';
import { textTable } from './textTable.js';
import { describeScaleOut, scaleOutOf, scalesOut } from './scale/scaleOutPlan.js';
import { jobRoute, prepareConnector } from './connectorProperties.js';
import { jobsSharingKafkaGroups, ownGroup } from './kafkaGroups.js';

/**
 * Runs a statement that answers with text rather than a running job: SHOW, DESCRIBE,
 * EXPLAIN, DROP. EXPLAIN opens the job's sources to learn inferred schemas, then closes them.
 */
export async function runCommand(step: CommandStep, jobs: readonly JobSpec[], options: JobOptions, appJobs: readonly JobSpec[] = jobs): Promise<string> {
  const statement = step.statement;
  switch (statement.type) {
    case 'show':
      return show(statement.what, statement.name?.text, statement.like, step.catalog, jobs);
    case 'describe':
      return describe(entryOf(step.catalog, statement.name.text, statement.name.loc));
    case 'drop': {
      const what = `${statement.kind.toLowerCase()} ${statement.name.text}`;
      // The step's catalog is the one before the DROP; a missing name only gets here with IF EXISTS.
      return findEntry(step.catalog, statement.name.text) ? `dropped ${what}\n` : `${what} does not exist, skipped\n`;
    }
    case 'explain': {
      if (!step.explained) throw notSupported(`EXPLAIN of a ${statement.statement.type} statement`, statement.loc);
      const explained = step.explained;
      return describeJobGraph([...upstreamChain(explained, appJobs), explained]) + (await explainJob(explained, options, appJobs));
    }
    default:
      throw notSupported(`${statement.type} as a command`, statement.loc);
  }
}

/**
 * Plans a job and prints its logical and physical plans, then the client settings of its
 * Kafka sources and sinks with where each came from, without running it (see
 * {@link planLinked}: nothing is opened when the sources declare their columns, the sink never
 * is). A job reading another job's output in process (`jobs` are the application's) is planned
 * after that job, whose output columns it reads.
 */
export async function explainJob(job: JobSpec, options: JobOptions, jobs: readonly JobSpec[] = []): Promise<string> {
  const planned = await planLinked(job, jobs, options);
  const linked = upstreamJobs(job, jobs).length > 0 || jobs.some((other) => upstreamJobs(other, jobs).includes(job));
  const ownKafkaGroup = jobsSharingKafkaGroups(jobs, options.baseDir).has(job);
  return describePlan(planned.job, planned.plan, scaleOutLine(planned.job, planned.plan, linked, options.baseDir, ownKafkaGroup)) + explainKafkaSettings(planned.job, options.baseDir);
}

/** How the job is spread over its consumer group, for a job that runs as tasks (`scalesOut`). */
function scaleOutLine(job: JobSpec, plan: JobPlan, linked: boolean, baseDir: string, ownKafkaGroup: boolean): string | undefined {
  const [source] = job.sources.values();
  if (source === undefined || !scalesOut(job, linked)) return undefined;
  // The group as the source reads it: from any of its key forms (`group.id`, `source.kafka.group.id`, a config file), the job's own when other jobs read it too.
  const configured = prepareConnector(source, baseDir, jobRoute(job.jobKeys, baseDir, job)).properties.get('group.id') ?? `ferris-${job.name}`;
  const group = ownKafkaGroup ? ownGroup(configured, job.name) : configured;
  return `Scale-out: ${describeScaleOut(scaleOutOf(plan.logical), group, job.name, group)}`;
}

/** The jobs `job` reads in process, directly or through others, upstream first. */
function upstreamChain(job: JobSpec, jobs: readonly JobSpec[]): JobSpec[] {
  const chain: JobSpec[] = [];
  const visit = (j: JobSpec): void => {
    for (const upstream of upstreamJobs(j, jobs)) {
      if (chain.includes(upstream)) continue;
      visit(upstream);
      chain.push(upstream);
    }
  };
  visit(job);
  return chain;
}

function describePlan(job: JobSpec, plan: JobPlan, scaleOut?: string): string {
  const sources = [...job.sources.values()].map((s) => `  ${s.name}: ${s.upstream === undefined ? s.type : `the output of job ${s.upstream}, in process`}`).join('\n');
  return [
    `Job ${job.name}`,
    `Sources:\n${sources || '  none (no FROM)'}`,
    `Sink: ${job.sink.name}: ${job.sink.type}`,
    ...(scaleOut === undefined ? [] : [scaleOut]),
    `Output: ${plan.output.fields.map((f) => `${f.name} ${formatType(f.type)}`).join(', ')}`,
    `Logical plan:\n${indent(explainLogical(plan.logical))}`,
    `Physical plan:\n${indent(explainPhysical(plan.physical))}`,
    '',
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function findEntry(catalog: readonly CatalogEntry[], name: string): CatalogEntry | undefined {
  return catalog.find((e) => e.name.toLowerCase() === name.toLowerCase());
}

function entryOf(catalog: readonly CatalogEntry[], name: string, location?: SourceLocation): CatalogEntry {
  const entry = findEntry(catalog, name);
  if (!entry) {
    throw new FerrisError('SQL_BIND', `unknown stream or table '${name}' (known: ${catalog.map((e) => e.name).join(', ') || 'none'})`, location === undefined ? {} : { location });
  }
  return entry;
}

function describe(entry: CatalogEntry): string {
  const columns = entry.declared
    ? textTable(['column', 'type', 'nullable'], entry.declared.fields.map((f) => [f.name, formatType(f.type), String(f.nullable)]))
    : 'columns: not declared (inferred when the job opens the source)\n';
  const props = entry.connector ? [['type', entry.connector.type], ...entry.connector.properties].map(([k, v]) => `  ${k} = ${v}`).join('\n') : '';
  return `${entry.kind} ${entry.name}\n${columns}${props ? `properties:\n${props}\n` : ''}`;
}

/**
 * SHOW of a listing (`LIKE` keeps the rows whose name, the first column, matches the pattern,
 * ignoring case as names do) or of one relation.
 */
function show(what: string, name: string | undefined, like: string | null, catalog: readonly CatalogEntry[], jobs: readonly JobSpec[]): string {
  const listing = (header: readonly string[], rows: readonly string[][]): string => {
    if (like === null) return textTable(header, rows);
    const matches = compileLike(like, true);
    return textTable(header, rows.filter((row) => matches(row[0] ?? '')));
  };
  switch (what) {
    case 'STREAMS':
    case 'TABLES': {
      const kind = what === 'STREAMS' ? 'STREAM' : 'TABLE';
      const rows = catalog.filter((e) => e.kind === kind).map((e) => [e.name, e.connector?.type ?? '', e.origin]);
      return listing(['name', 'connector', 'origin'], rows);
    }
    case 'JOBS':
    case 'QUERIES':
      return listing(['job', 'sources', 'sink'], jobs.map((j) => [j.name, [...j.sources.values()].map((s) => s.name).join(', '), `${j.sink.name} (${j.sink.type})`]));
    case 'FUNCTIONS':
      return listing(
        ['function', 'category', 'signature'],
        [...listFunctions().map((f) => [f.name, f.category, f.signature]), ...listAggregates().map((f) => [f.name, 'aggregate', f.signature])].sort((a, b) =>
          a[0]!.localeCompare(b[0]!),
        ),
      );
    case 'SCHEMA':
    case 'PROPERTIES':
      return describe(entryOf(catalog, name ?? ''));
    default:
      throw notSupported(`SHOW ${what} (it needs Kafka)`);
  }
}
