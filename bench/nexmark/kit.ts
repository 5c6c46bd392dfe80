/*
 * The two engines of the Nexmark suite over the same generated events: our job over memory
 * sources (one per stream, plus a primary-keyed table of people and of auctions for the
 * stream-table joins), and DuckDB with one thread over the same rows loaded from CSV. Rows of
 * both are normalised to text so that they compare exactly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { memorySource } from '../../lib/connectors/memory/memorySource.js';
import type { SourceFactory } from '../../lib/connectors/types.js';
import type { Catalog } from '../../lib/plan/app/catalog.js';
import { memoryCatalog } from '../memoryCatalog.js';
import type { RelationKind } from '../../lib/sql/ast.js';
import { loadApp } from '../../lib/runtime/app.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { openJob, type RunnableJob } from '../../lib/runtime/openJob.js';
import { isDecimal } from '../../lib/types/decimal.js';
import type { Schema } from '../../lib/types/schema.js';
import type { Row } from '../../lib/types/value.js';
import { AUCTION_SCHEMA, BID_SCHEMA, PERSON_SCHEMA, type NexmarkEvents } from './generator.js';
import type { NexmarkStream } from './queries.js';

/** Where a job hands its output batches. */
export type BatchSink = (rows: readonly Row[]) => void;

const SCHEMAS: Readonly<Record<NexmarkStream, Schema>> = { person: PERSON_SCHEMA, auction: AUCTION_SCHEMA, bid: BID_SCHEMA };

/** The relations of the catalog: each stream, and a table keyed by `id` over people and over auctions. */
const RELATIONS: readonly { name: string; stream: NexmarkStream; kind: RelationKind; primaryKey: readonly string[] }[] = [
  { name: 'person', stream: 'person', kind: 'STREAM', primaryKey: [] },
  { name: 'auction', stream: 'auction', kind: 'STREAM', primaryKey: [] },
  { name: 'bid', stream: 'bid', kind: 'STREAM', primaryKey: [] },
  { name: 'person_table', stream: 'person', kind: 'TABLE', primaryKey: ['id'] },
  { name: 'auction_table', stream: 'auction', kind: 'TABLE', primaryKey: ['id'] },
];

function nexmarkCatalog(): Catalog {
  return memoryCatalog(RELATIONS.map((r) => ({ name: r.name, kind: r.kind, declared: SCHEMAS[r.stream], primaryKey: r.primaryKey, stream: r.stream })));
}

/**
 * Opens the job of `sql` over the generated events (memory sources in batches of
 * `batchSize`); its output batches go to `sink`. Opening is setup; `run()` is what is timed.
 */
export async function openNexmarkJob(sql: string, events: NexmarkEvents, batchSize: number, sink: BatchSink): Promise<RunnableJob> {
  const rowsOf: Readonly<Record<NexmarkStream, readonly Row[]>> = { person: events.persons, auction: events.auctions, bid: events.bids };
  const factory: SourceFactory = {
    type: 'memory',
    properties: [{ key: 'stream', description: 'the generated Nexmark stream' }],
    open: async (props) => {
      const stream = props.get('stream') as NexmarkStream;
      return memorySource(SCHEMAS[stream], rowsOf[stream], { batchSize, topic: stream });
    },
  };
  const app = loadApp(sql, { file: undefined, variables: () => undefined }, nexmarkCatalog());
  return openJob(app.jobs[0]!, {
    baseDir: tmpdir(),
    log: silentLogger,
    sourceFactory: () => factory,
    sink: () => ({ write: async (batch) => sink(batch), flush: async () => undefined, close: async () => undefined }),
  });
}

function csvValue(value: unknown, type: Schema['fields'][number]['type']): string {
  if (type.kind === 'TIMESTAMP') return new Date(value as number).toISOString().replace('T', ' ').replace('Z', '');
  const text = String(value);
  if (/[",\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

const DUCK_TYPES: Readonly<Record<string, string>> = { INTEGER: 'BIGINT', STRING: 'VARCHAR', TIMESTAMP: 'TIMESTAMP' };

/** DuckDB with one thread, holding the three streams as tables (loaded from CSV, not timed). */
export async function openDuckPeer(events: NexmarkEvents): Promise<{ duck: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const duck = await instance.connect();
  const dir = mkdtempSync(path.join(tmpdir(), 'nexmark-'));
  const rowsOf: Readonly<Record<NexmarkStream, readonly Row[]>> = { person: events.persons, auction: events.auctions, bid: events.bids };
  for (const stream of ['person', 'auction', 'bid'] as const) {
    const fields = SCHEMAS[stream].fields;
    const lines = rowsOf[stream].map((row) => fields.map((f, i) => csvValue(row[i], f.type)).join(','));
    const file = path.join(dir, `${stream}.csv`);
    writeFileSync(file, `${fields.map((f) => f.name).join(',')}\n${lines.join('\n')}\n`);
    const columns = fields.map((f) => `'${f.name}': '${DUCK_TYPES[f.type.kind]}'`).join(', ');
    await duck.run(`CREATE TABLE ${stream} AS SELECT * FROM read_csv('${file}', header = true, columns = {${columns}})`);
  }
  rmSync(dir, { recursive: true, force: true });
  return { duck, close: () => duck.closeSync() };
}

/** Number text without trailing fraction zeros (`908.000` and `908` compare equal). */
function normaliseNumberText(text: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

/** A value as text for comparison. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (isDecimal(value)) return normaliseNumberText(value.toString());
  return normaliseNumberText(String(value));
}

/** Rows as sorted lines of text: the multiset both engines must agree on. */
export function sortedLines(rows: readonly (readonly unknown[])[]): string[] {
  return rows.map((row) => row.map(valueText).join('\t')).sort();
}
