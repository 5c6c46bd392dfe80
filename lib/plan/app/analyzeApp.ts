import type { ColumnDef, Identifier, Query, Statement, TableRef, UriRef } from '../../sql/ast.js';
import { isQueryWritingStatement } from '../../sql/ast.js';
import { didYouMean } from '../../types/didYouMean.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { schemaOf, type Schema } from '../../types/schema.js';
import { toSqlType } from '../dataTypes.js';
import { SOURCE_TIME_KEYS } from '../timeConfig.js';
import { Catalog, type CatalogEntry, type ConnectorConfig, type KeyOrigin } from './catalog.js';
import { relationRefs } from './relationRefs.js';
import { userMetricSpecs } from './metricAnnotations.js';
import { resolveProperties } from './resolveProperties.js';
import { statementProperties } from './statementProperties.js';
import { IN_PROCESS, streamConnector, type ConnectorSpec } from './connectorSpec.js';
import { checkJobCycles } from './jobGraph.js';
import { uriConnector } from './uriConnector.js';

export type { ConnectorSpec } from './connectorSpec.js';

/** One continuous query of the application: its sources, its sink, its job-level keys. */
export interface JobSpec {
  readonly name: string;
  readonly statement: Statement;
  readonly query: Query;
  /** Source id (folded relation name, or the URI) → connector. */
  readonly sources: ReadonlyMap<string, ConnectorSpec>;
  readonly sink: ConnectorSpec;
  /** Columns the CSAS/CTAS statement declared for its output, if any. */
  readonly outputColumns: readonly ColumnDef[] | null;
  /** The statement's EMIT clause (CREATE STREAM ... AS SELECT ... EMIT CHANGES). */
  readonly emit: 'CHANGES' | 'FINAL' | null;
  readonly jobKeys: ReadonlyMap<string, string>;
}

/** A statement executed in order by the runner (SHOW, DESCRIBE, EXPLAIN, DROP), with the catalog as it was then. */
export interface CommandStep {
  readonly kind: 'command';
  readonly statement: Statement;
  readonly catalog: readonly CatalogEntry[];
  /** The job an EXPLAIN statement explains. */
  readonly explained: JobSpec | undefined;
}

/** The application of a SQL file: its jobs and commands in file order, and its catalog. */
export interface AppSpec {
  readonly steps: readonly ({ readonly kind: 'job'; readonly job: JobSpec } | CommandStep)[];
  readonly jobs: readonly JobSpec[];
  readonly catalog: Catalog;
}

/** The folded id of a relation reference: the lower-cased name, or the URI itself. */
export function sourceIdOf(ref: TableRef | UriRef): string {
  return ref.type === 'uri_ref' ? ref.uri : ref.name.quoted ? ref.name.text : ref.name.text.toLowerCase();
}

/**
 * Reads the statements of an application: declarations fill the catalog, each query-writing
 * statement (CSAS, CTAS, INSERT INTO, SELECT ... INTO, DEPLOY JOB, a bare SELECT) becomes a
 * job with its connectors resolved from the catalog and its WITH keys. Pure and synchronous:
 * schemas that must be inferred come later, when the runtime opens the sources.
 *
 * A statement may read the output of a job of the same file, declared before or after it
 * (`CREATE STREAM b AS SELECT ... FROM a`, `a` a CSAS): that source is read in process
 * ({@link IN_PROCESS}, with `upstream` naming the job), and a job whose output is read so needs
 * no sink of its own. Jobs that read each other in a cycle are an error.
 *
 * @param catalog streams known beforehand (e.g. registered by the library API); it is filled in place.
 * @param report receives every error (`ferris check`), and analysis goes on with the next
 *   property or statement; a statement reading a stream whose declaration failed is skipped
 *   (its cause is reported). Without it the first error is thrown.
 */
export function analyzeApp(statements: readonly Statement[], catalog: Catalog = new Catalog(), report?: (error: FerrisError) => void): AppSpec {
  const state: AnalysisState = { catalog, steps: [], jobs: [], queryCount: 0, report, ...jobOutputs(statements) };
  const failed = new Set<string>();
  for (const statement of statements) {
    if (report === undefined) {
      analyzeStatement(statement, state);
      continue;
    }
    const reads = statement.type === 'explain' ? statement.statement : statement;
    if ('query' in reads && relationRefs(reads.query).some((ref) => ref.type === 'table_ref' && failed.has(ref.name.text.toLowerCase()))) {
      const name = definedName(statement);
      if (name !== undefined) failed.add(name.toLowerCase());
      continue;
    }
    try {
      analyzeStatement(statement, state);
    } catch (error) {
      if (!(error instanceof FerrisError)) throw error;
      report(error);
      const name = definedName(statement);
      if (name !== undefined) failed.add(name.toLowerCase());
    }
  }
  try {
    checkJobCycles(state.jobs);
  } catch (error) {
    if (report === undefined || !(error instanceof FerrisError)) throw error;
    report(error);
  }
  return { steps: state.steps, jobs: state.jobs, catalog };
}

/** The jobs' outputs of a file: the streams and tables its jobs create, and those its queries read (folded names). */
interface JobOutputs {
  /** Names a CSAS, CTAS or DEPLOY JOB of the file creates. */
  readonly jobNames: ReadonlySet<string>;
  /** Those of them a query of the file reads (so they are read in process). */
  readonly readInProcess: ReadonlySet<string>;
}

function jobOutputs(statements: readonly Statement[]): JobOutputs {
  const jobNames = new Set<string>();
  for (const statement of statements) {
    const name = statement.type === 'create_as_select' || statement.type === 'deploy_job' ? statement.name.text : undefined;
    if (name !== undefined) jobNames.add(name.toLowerCase());
  }
  const readInProcess = new Set<string>();
  for (const statement of statements) {
    if (!('query' in statement)) continue;
    for (const ref of relationRefs(statement.query)) {
      if (ref.type === 'table_ref' && jobNames.has(ref.name.text.toLowerCase())) readInProcess.add(ref.name.text.toLowerCase());
    }
  }
  return { jobNames, readInProcess };
}

/** What the statements analysed so far have built. */
interface AnalysisState extends JobOutputs {
  readonly catalog: Catalog;
  readonly steps: AppSpec['steps'][number][];
  readonly jobs: JobSpec[];
  queryCount: number;
  readonly report: ((error: FerrisError) => void) | undefined;
}

/** The stream or table a statement puts in the catalog, if any. */
function definedName(statement: Statement): string | undefined {
  if (statement.type === 'create_source' || statement.type === 'create_as_select' || statement.type === 'deploy_job') return statement.name.text;
  return undefined;
}

function analyzeStatement(statement: Statement, state: AnalysisState): void {
  const { steps, jobs } = state;
  // `@metric` annotations are checked where they are written; the runtime reads them when the job opens.
  userMetricSpecs(statement);
  switch (statement.type) {
    case 'create_source':
      state.catalog.put(declaredEntry(statement, state.report));
      break;
    case 'query':
    case 'create_as_select':
    case 'insert_into':
    case 'select_into':
    case 'deploy_job': {
      const job = jobOfStatement(statement, state, `query_${++state.queryCount}`);
      jobs.push(job);
      steps.push({ kind: 'job', job });
      if (statement.type === 'create_as_select' || statement.type === 'deploy_job') {
        state.catalog.put({
          name: job.name,
          kind: statement.type === 'create_as_select' ? statement.kind : 'STREAM',
          declared: undefined,
          primaryKey: [],
          connector: { type: job.sink.type, properties: job.sink.properties, ...(job.sink.origins ? { origins: job.sink.origins } : {}) },
          origin: 'job',
          location: statement.loc,
        });
      }
      break;
    }
    case 'drop': {
      // The step keeps the catalog from before the DROP, so the runner can tell a dropped
      // relation from one that IF EXISTS skipped.
      const before = state.catalog.list();
      if (!state.catalog.delete(statement.name.text) && !statement.ifExists) {
        throw unknownRelation(statement.name, state.catalog);
      }
      steps.push({ kind: 'command', statement, catalog: before, explained: undefined });
      break;
    }
    case 'explain': {
      const inner = statement.statement;
      const explained =
        inner.type === 'query' || isQueryWritingStatement(inner) ? jobOfStatement(inner, state, 'explained') : undefined;
      steps.push({ kind: 'command', statement, catalog: state.catalog.list(), explained });
      break;
    }
    case 'show':
    case 'describe':
      steps.push({ kind: 'command', statement, catalog: state.catalog.list(), explained: undefined });
      break;
    case 'job_control':
      throw notSupported(`${statement.action} JOB in an application (job control is done on the job server: send it to POST /sql of 'ferris server')`, statement.loc);
  }
}

/** The job of a bare query or a query-writing statement, against the catalog as it is now. */
function jobOfStatement(
  statement: Extract<Statement, { type: 'query' | 'create_as_select' | 'insert_into' | 'select_into' | 'deploy_job' }>,
  state: AnalysisState,
  queryName: string,
): JobSpec {
  if (statement.type === 'query') return jobOf(statement, statement.query, queryName, undefined, null, state);
  const target = statement.type === 'create_as_select' || statement.type === 'deploy_job' ? statement.name : statement.target;
  const columns = statement.type === 'create_as_select' ? statement.columns : null;
  return jobOf(statement, statement.query, target.text, target, columns, state);
}

function declaredSchema(columns: readonly ColumnDef[]): Schema | undefined {
  if (columns.length === 0) return undefined;
  return schemaOf(columns.map((c) => ({ name: c.name.text, type: toSqlType(c.dataType), nullable: !c.notNull && !c.primaryKey })));
}

function declaredEntry(statement: Extract<Statement, { type: 'create_source' }>, report: ((error: FerrisError) => void) | undefined): CatalogEntry {
  const name = statement.name.text;
  const resolved = resolveProperties(statement.properties, { sources: [name], target: undefined, declared: name }, report);
  const props = new Map(resolved.connectors.get(name) ?? []);
  const origins = resolved.origins.get(name) ?? new Map<string, KeyOrigin>();
  const type = props.get('type');
  if (type === undefined) {
    throw new FerrisError('CONFIG', `'${name}.type' is required: say what '${name}' reads, e.g. 'file_source', 'datagen'`, {
      location: statement.loc,
    });
  }
  props.delete('type');
  const primaryKey = statement.columns.filter((c) => c.primaryKey).map((c) => c.name.text);
  if (statement.kind === 'TABLE' && primaryKey.length === 0) {
    throw new FerrisError('SQL_BIND', `CREATE TABLE ${name} needs a PRIMARY KEY column: a table holds the latest row per key (declare it as a STREAM otherwise)`, {
      location: statement.loc,
    });
  }
  return {
    name,
    kind: statement.kind,
    declared: declaredSchema(statement.columns),
    primaryKey,
    connector: { type, properties: props, origins },
    origin: 'declared',
    location: statement.loc,
  };
}

function jobOf(
  statement: Statement,
  query: Query,
  name: string,
  target: Identifier | undefined,
  outputColumns: readonly ColumnDef[] | null,
  state: AnalysisState,
): JobSpec {
  const { report } = state;
  const refs = relationRefs(query);
  const sourceNames = [...new Set(refs.filter((r): r is TableRef => r.type === 'table_ref').map((r) => r.name.text))];
  const properties = statementProperties(statement, query);
  const kafkaSide = statement.type === 'insert_into' ? 'sink' : 'source';
  const resolved = resolveProperties(properties, { sources: sourceNames, target: target?.text, declared: undefined, kafkaSide }, report);
  const connectorsByName = new Map([...resolved.connectors].map(([k, v]) => [k.toLowerCase(), { properties: v, origins: resolved.origins.get(k)! }]));
  const sources = new Map<string, ConnectorSpec>();
  for (const ref of refs) {
    const id = sourceIdOf(ref);
    if (sources.has(id)) continue;
    sources.set(id, ref.type === 'uri_ref' ? uriConnector(ref) : sourceSpec(ref, connectorsByName.get(ref.name.text.toLowerCase()), state));
  }
  const sink = target
    ? sinkSpec(target, connectorsByName.get(target.text.toLowerCase()), state)
    : streamConnector('stdout', 'stdout', new Map(), statement.loc);
  if (sink.type === IN_PROCESS && statement.type !== 'create_as_select' && statement.type !== 'deploy_job') {
    throw notSupported(
      `writing into '${name}', the output of a job of this file that other jobs read in process: they read the job that creates it, not what other statements insert; give '${name}' a sink ('${name}.type') or insert into another stream`,
      target?.loc ?? statement.loc,
    );
  }
  const emit = 'emit' in statement ? statement.emit : null;
  return { name, statement, query, sources, sink, outputColumns, emit, jobKeys: resolved.job };
}

/** Keys a statement's WITH gives one connector, and where each was written. */
interface ConnectorOverrides {
  readonly properties: ReadonlyMap<string, string>;
  readonly origins: ReadonlyMap<string, KeyOrigin>;
}

/** A catalog connector with a statement's keys over it: its keys (`type` among them) and their origins. */
function merged(base: ConnectorConfig | undefined, overrides: ConnectorOverrides | undefined): { props: Map<string, string>; origins: Map<string, KeyOrigin> } {
  return {
    props: new Map([...(base ? [['type', base.type] as const, ...base.properties] : []), ...(overrides?.properties ?? [])]),
    origins: new Map([...(base?.origins ?? []), ...(overrides?.origins ?? [])]),
  };
}

function sourceSpec(ref: TableRef, overrides: ConnectorOverrides | undefined, state: AnalysisState): ConnectorSpec {
  const { catalog } = state;
  const entry = catalog.get(ref.name.text);
  const jobOutput = state.jobNames.has(ref.name.text.toLowerCase()) && (entry === undefined || entry.origin === 'job');
  if (jobOutput && !overrides?.properties.has('type')) return inProcessSpec(ref, entry, overrides);
  if (!entry && !overrides) throw unknownRelation(ref.name, catalog);
  if (entry?.origin === 'job' && !overrides?.properties.has('type')) {
    throw notSupported(
      `reading the output of the job '${entry.name}' in-process; configure '${ref.name.text}.type' (and its path or topic) to read what that job wrote`,
      ref.loc,
    );
  }
  const { props, origins } = merged(entry?.origin === 'declared' ? entry.connector : undefined, overrides);
  const type = props.get('type');
  if (type === undefined) {
    throw new FerrisError('CONFIG', `'${ref.name.text}.type' is required: say what '${ref.name.text}' reads, e.g. 'file_source', 'datagen'`, {
      location: ref.loc,
    });
  }
  props.delete('type');
  return {
    name: ref.name.text,
    type,
    properties: props,
    origins,
    timeKeys: takeTimeKeys(props),
    kind: entry?.origin === 'declared' ? entry.kind : 'STREAM',
    primaryKey: entry?.origin === 'declared' ? entry.primaryKey : [],
    declared: entry?.declared,
    location: ref.loc,
  };
}

/**
 * A source reading the output of the job `ref` names, in process: its columns and key come
 * from that job once it is planned; the statement may give it event-time and watermark keys
 * (`'<name>.watermark.max_out_of_orderness'`) but no connector keys.
 */
function inProcessSpec(ref: TableRef, entry: CatalogEntry | undefined, overrides: ConnectorOverrides | undefined): ConnectorSpec {
  const props = new Map(overrides?.properties ?? []);
  const timeKeys = takeTimeKeys(props);
  const [key] = props.keys();
  if (key !== undefined) {
    const origin = overrides?.origins.get(key);
    throw new FerrisError(
      'CONFIG',
      `'${origin?.key ?? `${ref.name.text}.${key}`}' configures '${ref.name.text}', the output of a job of this file read in process: only its event-time and watermark keys apply (set '${ref.name.text}.type' to read what the job wrote instead)`,
      { location: origin?.location ?? ref.loc },
    );
  }
  return {
    name: ref.name.text,
    type: IN_PROCESS,
    properties: new Map(),
    origins: overrides?.origins ?? new Map(),
    timeKeys,
    kind: entry?.kind ?? 'STREAM',
    primaryKey: [],
    declared: undefined,
    location: ref.loc,
    upstream: ref.name.text,
  };
}

function sinkSpec(target: Identifier, overrides: ConnectorOverrides | undefined, state: AnalysisState): ConnectorSpec {
  const entry = state.catalog.get(target.text);
  const { props, origins } = merged(entry?.connector, overrides);
  const readInProcess = state.readInProcess.has(target.text.toLowerCase());
  const configured = props.get('type');
  // A job that says nowhere to write and that no job reads prints its rows, as a bare SELECT
  // does (the reference guide's `CREATE STREAM orders AS SELECT * FROM kafka_source WITH
  // ('kafka.topic' = ...)`); the runtime logs the choice.
  const type = configured ?? (readInProcess ? IN_PROCESS : 'stdout');
  props.delete('type');
  const defaulted = configured === undefined && !readInProcess ? { defaultedSink: true as const } : {};
  return { ...streamConnector(target.text, type, props, target.loc), origins, kind: entry?.kind ?? 'STREAM', declared: entry?.declared, ...defaulted };
}

/** Moves a source's event-time and watermark keys out of its connector keys (the planner, not the connector, reads them). */
function takeTimeKeys(props: Map<string, string>): Map<string, string> {
  const time = new Map<string, string>();
  for (const key of SOURCE_TIME_KEYS) {
    const value = props.get(key);
    if (value !== undefined) {
      time.set(key, value);
      props.delete(key);
    }
  }
  return time;
}

function unknownRelation(name: Identifier, catalog: Catalog): FerrisError {
  const known = catalog.list().map((e) => e.name);
  const suggestion = didYouMean(name.text, known);
  return new FerrisError(
    'SQL_BIND',
    `unknown stream or table '${name.text}'` +
      (suggestion ? `; did you mean '${suggestion}'?` : '') +
      (known.length > 0 ? ` (known: ${known.join(', ')})` : `; declare it with CREATE STREAM ${name.text} (...) WITH ('${name.text}.type' = ...) or configure '${name.text}.type' in the query's WITH`),
    { location: name.loc },
  );
}
