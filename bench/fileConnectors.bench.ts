/**
 * Throughput of the file connectors, each next to a hand-written peer on the same data in the
 * same run: JSON-lines and CSV source reads, sink writes, the hand-built JSON encoder against
 * `JSON.stringify` of an object per row, the CSV record splitter against csv-parse, and a
 * JSON-lines → filter/project → JSON-lines pipeline against a bare `JSON.parse` /
 * `JSON.stringify` loop (outputs compared byte for byte). Each pair runs alternately, best of 3.
 *
 * Run: `npm run build && node dist/bench/fileConnectors.bench.js [rows]` (default 1,000,000).
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { DatagenSource } from '../lib/connectors/datagen/datagenSource.js';
import { DEFAULT_SYMBOLS, TRADE_SCHEMA } from '../lib/connectors/datagen/tradeGenerator.js';
import { splitCsvRecord } from '../lib/connectors/file/csvRecord.js';
import { FileSink } from '../lib/connectors/file/fileSink.js';
import { fileSinkConfig } from '../lib/connectors/file/fileSinkFactory.js';
import { FileSource } from '../lib/connectors/file/fileSource.js';
import { fileSourceConfig } from '../lib/connectors/file/fileSourceFactory.js';
import { JsonRowEncoder } from '../lib/connectors/output/jsonRowEncoder.js';
import type { ConnectorContext } from '../lib/connectors/types.js';
import { field, schemaOf } from '../lib/types/schema.js';
import type { Row } from '../lib/types/value.js';
import { DEFAULT_FORMAT, toJsonValue } from '../lib/types/valueText.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(path.join(tmpdir(), 'ferris-bench-'));
const ctx: ConnectorContext = {
  baseDir: dir,
  signal: new AbortController().signal,
  onBadRecord: (bad) => {
    throw bad.error;
  },
  log: () => {},
};

function rate(rows: number, ms: number): string {
  return `${((rows / ms) * 1000 / 1e6).toFixed(2)} M rows/s`;
}

function report(name: string, rows: number, ms: number, peerName?: string, peerMs?: number): void {
  let line = `${name.padEnd(44)} ${rate(rows, ms).padStart(16)}`;
  if (peerName !== undefined && peerMs !== undefined) {
    line += `   ${peerName}: ${rate(rows, peerMs)}   ratio ${(peerMs / ms).toFixed(2)}`;
  }
  console.log(line);
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const ROUNDS = 3;

/** Best-of-ROUNDS times of ours and the peer, run alternately so load changes hit both alike. */
async function bestOf(ours: () => Promise<unknown>, peer: () => Promise<unknown>): Promise<[number, number]> {
  let best = Infinity;
  let bestPeer = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    best = Math.min(best, await timed(ours));
    bestPeer = Math.min(bestPeer, await timed(peer));
  }
  return [best, bestPeer];
}

/** Writes ROWS generated trades through a file sink; returns the ms spent inside write(). */
async function writeTrades(file: string, format: 'jsonl' | 'csv'): Promise<number> {
  const source = new DatagenSource(
    { count: ROWS, rate: undefined, batchSize: 1000, seed: 42, symbols: DEFAULT_SYMBOLS, startTime: Date.UTC(2024, 0, 1), intervalMs: 100 },
    ctx.signal,
  );
  const sink = await FileSink.open(fileSinkConfig(new Map([['path', file], ['format', format]]), dir), TRADE_SCHEMA);
  let inside = 0;
  for await (const batch of source.batches()) {
    const started = performance.now();
    await sink.write(batch);
    inside += performance.now() - started;
  }
  const started = performance.now();
  await sink.close();
  return inside + performance.now() - started;
}

async function readRows(file: string, format: 'jsonl' | 'csv'): Promise<number> {
  const source = await FileSource.open(fileSourceConfig(new Map([['path', file], ['format', format]]), dir), TRADE_SCHEMA, ctx);
  let rows = 0;
  for await (const batch of source.batches()) rows += batch.length;
  return rows;
}

/** The peer of a JSON-lines read: chunks split into lines, `JSON.parse` per line. */
async function bareJsonRead(file: string): Promise<number> {
  let rows = 0;
  let carry = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const text = carry + (chunk as string);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      JSON.parse(text.slice(start, nl));
      rows++;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  }
  return rows;
}

async function endToEnd(input: string, output: string): Promise<void> {
  const source = await FileSource.open(fileSourceConfig(new Map([['path', input]]), dir), TRADE_SCHEMA, ctx);
  const projected = schemaOf([field('symbol', TRADE_SCHEMA.fields[1]!.type), field('price', TRADE_SCHEMA.fields[2]!.type), field('quantity', TRADE_SCHEMA.fields[3]!.type)]);
  const sink = await FileSink.open(fileSinkConfig(new Map([['path', output]]), dir), projected);
  for await (const batch of source.batches()) {
    const out: Row[] = [];
    for (const row of batch) if ((row[3] as number) > 100) out.push([row[1]!, row[2]!, row[3]!]);
    if (out.length > 0) await sink.write(out);
  }
  await sink.close();
}

async function bareEndToEnd(input: string, output: string): Promise<void> {
  const out = createWriteStream(output);
  let carry = '';
  for await (const chunk of createReadStream(input, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const text = carry + (chunk as string);
    let start = 0;
    let nl = text.indexOf('\n');
    let batch = '';
    while (nl !== -1) {
      const o = JSON.parse(text.slice(start, nl)) as { symbol: string; price: string; quantity: number };
      if (o.quantity > 100) batch += JSON.stringify({ symbol: o.symbol, price: o.price, quantity: o.quantity }) + '\n';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    carry = text.slice(start);
    if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function main(): Promise<void> {
  console.log(`file connectors, ${ROWS} rows, Node ${process.version}, temp dir ${dir}`);
  const jsonl = path.join(dir, 'trades.jsonl');
  const csv = path.join(dir, 'trades.csv');
  report('file sink write, JSON lines (trade schema)', ROWS, await writeTrades(jsonl, 'jsonl'));
  report('file sink write, CSV (trade schema)', ROWS, await writeTrades(csv, 'csv'));
  console.log(`  (${(statSync(jsonl).size / 1e6).toFixed(0)} MB JSON lines, ${(statSync(csv).size / 1e6).toFixed(0)} MB CSV)`);

  const sample = await (async () => {
    const source = await FileSource.open(fileSourceConfig(new Map([['path', jsonl]]), dir), TRADE_SCHEMA, ctx);
    const rows: Row[] = [];
    for await (const batch of source.batches()) {
      rows.push(...batch);
      if (rows.length >= 200_000) break;
    }
    await source.close();
    return rows;
  })();
  const encoder = new JsonRowEncoder(TRADE_SCHEMA, DEFAULT_FORMAT);
  const names = TRADE_SCHEMA.fields.map((f) => f.name);
  const types = TRADE_SCHEMA.fields.map((f) => f.type);
  let handText = 0;
  let objectText = 0;
  const [hand, viaObject] = await bestOf(
    async () => {
      handText = 0;
      for (const row of sample) handText += encoder.encode(row).length;
    },
    async () => {
      objectText = 0;
      for (const row of sample) {
        const o: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) o[names[i]!] = toJsonValue(row[i]!, types[i]!, DEFAULT_FORMAT);
        objectText += JSON.stringify(o).length;
      }
    },
  );
  if (handText !== objectText) throw new Error(`encoders disagree: ${handText} vs ${objectText} characters`);
  report('JSON encode, hand-built per column', sample.length, hand, 'object + JSON.stringify', viaObject);

  let read = 0;
  let bare = 0;
  const [readMs, bareMs] = await bestOf(
    async () => (read = await readRows(jsonl, 'jsonl')),
    async () => (bare = await bareJsonRead(jsonl)),
  );
  if (read !== ROWS || bare !== ROWS) throw new Error(`read ${read} / ${bare} rows, expected ${ROWS}`);
  report('file source read, JSON lines (declared)', ROWS, readMs, 'bare JSON.parse loop', bareMs);
  const csvMs = await timed(async () => {
    read = await readRows(csv, 'csv');
  });
  if (read !== ROWS) throw new Error(`read ${read} CSV rows, expected ${ROWS}`);
  report('file source read, CSV (declared)', ROWS, csvMs);

  // Data lines only: the header and the empty string after the final newline are left out.
  const csvLines = readFileSync(csv, 'utf8').split('\n').slice(1).filter((line) => line !== '').slice(0, 200_000);
  const csvText = csvLines.join('\n');
  let fieldsOurs = 0;
  let fieldsPeer = 0;
  const [splitMs, peerMs] = await bestOf(
    async () => {
      fieldsOurs = 0;
      for (const line of csvLines) fieldsOurs += splitCsvRecord(line, ',', '"', '').length;
    },
    async () => {
      fieldsPeer = 0;
      for (const record of parseCsvSync(csvText) as string[][]) fieldsPeer += record.length;
    },
  );
  if (fieldsOurs !== fieldsPeer) throw new Error(`CSV splitters disagree: ${fieldsOurs} vs ${fieldsPeer} fields`);
  report('CSV record split (hand-written)', csvLines.length, splitMs, 'csv-parse/sync', peerMs);

  const ours = path.join(dir, 'ours.jsonl');
  const peer = path.join(dir, 'peer.jsonl');
  const [e2e, bareE2e] = await bestOf(
    () => endToEnd(jsonl, ours),
    () => bareEndToEnd(jsonl, peer),
  );
  if (!readFileSync(ours).equals(readFileSync(peer))) throw new Error('end-to-end outputs differ');
  report('JSONL → filter/project → JSONL', ROWS, e2e, 'bare parse/stringify loop', bareE2e);
  rmSync(dir, { recursive: true, force: true });
}

await main();
