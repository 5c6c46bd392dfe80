import { map, isObservable, Observable, from, concatMap } from '../../operators/rxjs.js';
import { memorySource } from '../connectors/memory/memorySource.js';
import { appendSystemColumns } from '../connectors/systemColumns.js';
import { sourceFactory as registrySourceFactory } from '../connectors/registry.js';
import type { Sink, SourceFactory } from '../connectors/types.js';
import { Catalog } from '../plan/app/catalog.js';
import { BufferedSubscription } from '../connectors/memory/observableBatches.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { loadApp, startApp } from '../runtime/app.js';
import type { FailureListener } from '../runtime/failureRouter.js';
import { createLogger, type Logger, type LogLevel } from '../runtime/logger.js';
import { openJob } from '../runtime/openJob.js';
import type { JobOutcome } from '../runtime/pipeline.js';
import { FerrisError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import type { Row } from '../types/value.js';
import { schemaFromColumns, type ColumnTypes } from './columnTypes.js';
import { EarlySubscriptions, MEMORY_TYPE } from './earlySubscriptions.js';
import { failureListener, type FailureCallbacks } from './failureEvents.js';
import { toObjects, toRows, type InputRow } from './rowConversion.js';

export type { BadRecordEvent, LateRowEvent } from './failureEvents.js';

/** A stream application code provides: its columns and its rows (all at once, or batches over time). */
export interface StreamDefinition {
  readonly columns: ColumnTypes;
  readonly rows: readonly InputRow[] | AsyncIterable<readonly InputRow[]> | Observable<readonly InputRow[]>;
}

/**
 * Options of an engine. Bad records and late rows are counted and logged as by `ferris run`;
 * `onBadRecord` and `onLateRow` also hand each one to the application (called synchronously,
 * before the record is routed by `failure_strategy`).
 */
export interface EngineOptions extends FailureCallbacks {
  /**
   * Logs of jobs: by default warnings and errors go to stderr as `ferris run` writes them
   * (`FERRIS_LOG_LEVEL` sets the level); pass `silentLogger` to drop them.
   */
  readonly log?: Logger;
  /** Relative paths in SQL resolve against this directory (default: the working directory). */
  readonly baseDir?: string;
  /** Values of `${name}` placeholders (default: the environment). */
  readonly variables?: (name: string) => string | undefined;
}

/**
 * The library entry point: register in-memory streams, then run SQL over them (and over any
 * file or datagen source the SQL declares). Each query compiles to the same RxJS graph
 * `ferris run` uses.
 *
 * ```ts
 * const engine = new FerrisEngine();
 * engine.registerStream('trades', { columns: { symbol: 'VARCHAR', price: 'DECIMAL(18,4)' }, rows });
 * engine.sql('SELECT symbol FROM trades WHERE price > 100').subscribe(console.log);
 * ```
 */
export class FerrisEngine {
  private readonly streams = new Map<string, { schema: Schema; rows: StreamDefinition['rows'] }>();
  private readonly log: Logger;
  private readonly baseDir: string;
  private readonly variables: (name: string) => string | undefined;
  private readonly failures: FailureListener;

  constructor(options: EngineOptions = {}) {
    this.log = options.log ?? createLogger((process.env.FERRIS_LOG_LEVEL as LogLevel | undefined) ?? 'warn');
    this.failures = failureListener(options);
    this.baseDir = options.baseDir ?? process.cwd();
    this.variables = options.variables ?? ((name) => process.env[name]);
  }

  /** Makes `name` readable in FROM; array rows are converted (and given their system columns) once, now. */
  registerStream(name: string, definition: StreamDefinition): this {
    const schema = schemaFromColumns(definition.columns);
    const rows = Array.isArray(definition.rows) ? withSystemColumns(toRows(schema, definition.rows as readonly InputRow[]), name) : definition.rows;
    this.streams.set(name.toLowerCase(), { schema, rows });
    return this;
  }

  /**
   * Runs one query (which may follow `CREATE STREAM ... WITH (...)` declarations of file or
   * datagen sources) and emits its result rows as objects keyed by output column. Subscribing
   * starts the job; unsubscribing stops it; the observable completes when bounded input ends.
   * Registered Observable inputs are subscribed during `subscribe()`, so that rows a hot
   * Subject pushes right after it are kept.
   */
  sql<T = Record<string, unknown>>(query: string): Observable<T> {
    return this.sqlBatches<T>(query).pipe(concatMap((batch) => from(batch)));
  }

  /** Like {@link sql}, but emits the rows in the batches the engine produced them (faster). */
  sqlBatches<T = Record<string, unknown>>(query: string): Observable<T[]> {
    return new Observable<T[]>((subscriber) => {
      let stop: (() => void) | undefined;
      const app = loadApp(query, { file: undefined, variables: this.variables }, this.catalog());
      if (app.jobs.length !== 1 || app.steps.length !== 1) {
        subscriber.error(
          new FerrisError('CONFIG', `sql() runs exactly one query (after any CREATE STREAM declarations); got ${app.steps.length} jobs or commands (use run() for applications)`),
        );
        return undefined;
      }
      const sink = (schema: Schema): Sink => ({
        write: async (rows) => subscriber.next(toObjects<T>(schema, rows)),
        flush: async () => undefined,
        close: async () => undefined,
      });
      const early = this.subscribeEarly(app.jobs);
      const options = { baseDir: this.baseDir, log: this.log, sourceFactory: (type: string) => this.sourceFactory(type, early), sink, failures: this.failures };
      openJob(app.jobs[0]!, options)
        .then((job) => {
          stop = () => job.stop();
          return job.run();
        })
        .finally(() => early.release())
        .then(
          () => subscriber.complete(),
          (error: unknown) => subscriber.error(error),
        );
      return () => stop?.();
    });
  }

  /**
   * Runs an application of several statements (the same as `ferris run`); resolves with each
   * job's outcome. Registered Observable inputs are subscribed before this returns.
   */
  async run(appSql: string): Promise<JobOutcome[]> {
    const app = loadApp(appSql, { file: undefined, variables: this.variables }, this.catalog());
    const early = this.subscribeEarly(app.jobs);
    try {
      const pipeline = await startApp(app, {
        file: undefined,
        baseDir: this.baseDir,
        variables: this.variables,
        log: this.log,
        print: (text) => this.log('info', text.trimEnd()),
        sourceFactory: (type) => this.sourceFactory(type, early),
        failures: this.failures,
      });
      return await pipeline.run();
    } finally {
      early.release();
    }
  }

  /** Subscribes now to the registered Observable inputs `jobs` read. */
  private subscribeEarly(jobs: readonly JobSpec[]): EarlySubscriptions {
    return new EarlySubscriptions(jobs, (name) => {
      const stream = this.streams.get(name);
      return stream && isObservable(stream.rows) ? new BufferedSubscription(convertObservable(stream.schema, stream.rows)) : undefined;
    });
  }

  private catalog(): Catalog {
    const catalog = new Catalog();
    for (const [name, stream] of this.streams) {
      catalog.put({
        name,
        kind: 'STREAM',
        declared: stream.schema,
        primaryKey: [],
        connector: { type: MEMORY_TYPE, properties: new Map([['stream', name]]) },
        origin: 'declared',
        location: { line: 1, column: 1 },
      });
    }
    return catalog;
  }

  private sourceFactory(type: string, early: EarlySubscriptions): SourceFactory {
    if (type !== MEMORY_TYPE) return registrySourceFactory(type);
    return {
      type: MEMORY_TYPE,
      properties: [{ key: 'stream', description: 'the registered stream' }],
      open: async (props) => {
        const name = props.get('stream') ?? '';
        const stream = this.streams.get(name);
        if (!stream) throw new FerrisError('CONFIG', `no stream '${name}' is registered`);
        const { schema, rows } = stream;
        if (Array.isArray(rows)) return memorySource(schema, rows as Row[]);
        const batches = isObservable(rows)
          ? (early.take(name) ?? convertObservable(schema, rows))
          : convertBatches(schema, rows as AsyncIterable<readonly InputRow[]>);
        return memorySource(schema, batches);
      },
    };
  }
}

/** Widens registered rows once, so that queries read them without copying. */
function withSystemColumns(rows: Row[], topic: string): Row[] {
  const now = Date.now();
  return rows.map((row, offset) => appendSystemColumns(row, now, offset, 0, null, topic));
}

function convertObservable(schema: Schema, batches: Observable<readonly InputRow[]>): Observable<Row[]> {
  return batches.pipe(map((batch) => toRows(schema, batch)));
}

async function* convertBatches(schema: Schema, batches: AsyncIterable<readonly InputRow[]>): AsyncIterable<Row[]> {
  for await (const batch of batches) yield toRows(schema, batch);
}
