/**
 * The job server's ingest path: NDJSON posted to `POST /ingest/trades` of a real server (on
 * 127.0.0.1, in this process) with a job `http_source` → `file_sink` (JSON lines), against a
 * bare Node `http` server that reads the same bodies, `JSON.parse`s every line and writes it
 * back with `JSON.stringify` to a file (the floor of any HTTP ingest in Node). Bodies of
 * BODY_LINES records are posted over CONNECTIONS keep-alive connections, each waiting for its
 * answer before the next post (our answer comes once the job took the rows). A run ends once
 * the job has drained (DELETE /jobs/copy) and the file is complete. Both files are then
 * checked to hold every record once, byte-equal to each other and to what was posted (sorted
 * by line over several connections, whose posts interleave differently).
 *
 * Run: `npm run build && node dist/bench/serverIngest.bench.js [records]` (default 100,000).
 */
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';
import { silentLogger } from '../lib/runtime/logger.js';
import { DEFAULT_LIMITS, startJobServer, type JobServer } from '../lib/server/server.js';

const RECORDS = rowCountArgument(100_000);
const BODY_LINES = 1000;
const TIMING = { warmups: 1, runs: Number(process.env['BENCH_RUNS'] ?? 3) };
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA'];

/** The posted bodies: trades as canonical JSON (decimals as strings with their scale, ISO timestamps), so a faithful copy is byte-equal. */
const bodies: string[] = [];
for (let start = 0; start < RECORDS; start += BODY_LINES) {
  let body = '';
  for (let i = start; i < Math.min(start + BODY_LINES, RECORDS); i++) {
    const trade = { trade_id: i, symbol: SYMBOLS[i % SYMBOLS.length], price: `${100 + (i % 997)}.${String(i % 10000).padStart(4, '0')}`, quantity: 10 * (1 + (i % 50)), trade_time: new Date(1_704_067_200_000 + i * 100).toISOString() };
    body += JSON.stringify(trade) + '\n';
  }
  bodies.push(body);
}

/** Posts every body to `url`, `connections` posts in flight at a time, failing on any non-200. */
async function postAll(url: string, connections: number, headers: Record<string, string> = {}): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', ...headers } });
      if (response.status !== 200) mismatch(`POST ${url} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
}

const SQL =
  "CREATE STREAM trades (trade_id BIGINT, symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, trade_time TIMESTAMP) WITH ('trades.type' = 'http_source');\n" +
  "CREATE STREAM copy AS SELECT * FROM trades WITH ('copy.type' = 'file_sink', 'copy.path' = 'copy.jsonl');";

/** A fresh server with the copy job deployed, writing into a fresh directory. */
async function ourServer(): Promise<{ server: JobServer; out: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferris-ingest-bench-'));
  const server = await startJobServer({ host: '127.0.0.1', port: 0, token: 'bench', dataDir: undefined, baseDir: dir, limits: DEFAULT_LIMITS, log: silentLogger, variables: () => undefined, version: 'bench' });
  const deployed = await fetch(`${server.url}/sql`, { method: 'POST', body: SQL, headers: { 'content-type': 'text/plain', authorization: 'Bearer bench' } });
  if (deployed.status !== 200) mismatch(`deploy answered ${deployed.status}: ${await deployed.text()}`);
  return { server, out: path.join(dir, 'copy.jsonl') };
}

async function runOurs({ server }: { server: JobServer }, connections: number): Promise<void> {
  await postAll(`${server.url}/ingest/trades`, connections, { authorization: 'Bearer bench' });
  const stopped = await fetch(`${server.url}/jobs/copy`, { method: 'DELETE', headers: { authorization: 'Bearer bench' } });
  if (stopped.status !== 200) mismatch(`DELETE answered ${stopped.status}`);
  await server.close();
}

/** The peer: a bare server parsing and re-serialising every line into a file. */
async function peerServer(): Promise<{ server: Server; url: string; out: string; close: () => Promise<void> }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'ferris-ingest-peer-')), 'copy.jsonl');
  const file = createWriteStream(out);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let text = '';
      for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) if (line !== '') text += JSON.stringify(JSON.parse(line)) + '\n';
      const answer = (): void => void response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      if (file.write(text)) answer();
      else file.once('drain', answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest/trades`;
  return { server, url, out, close: () => new Promise<void>((resolve) => file.end(() => server.close(() => resolve()).closeAllConnections())) };
}

const outputs = { ours: '', peer: '' };
const rows: ComparisonRow[] = [];
for (const connections of [1, 4]) {
  const [ours, peer] = await measureInterleaved(
    [
      variant(
        async (prepared: { server: JobServer; out: string }) => {
          await runOurs(prepared, connections);
          outputs.ours = prepared.out;
        },
        () => ourServer(),
      ),
      variant(
        async (prepared: Awaited<ReturnType<typeof peerServer>>) => {
          await postAll(prepared.url, connections);
          await prepared.close();
          outputs.peer = prepared.out;
        },
        () => peerServer(),
      ),
    ],
    TIMING,
  );
  // Posts over several connections interleave differently in each server: compare the sorted lines then.
  const lines = (file: string): string => (connections === 1 ? readFileSync(file, 'utf8') : readFileSync(file, 'utf8').split('\n').sort().join('\n'));
  const posted = connections === 1 ? bodies.join('') : bodies.join('').split('\n').sort().join('\n');
  if (lines(outputs.ours) !== lines(outputs.peer)) mismatch("the job's file differs from the peer's");
  if (lines(outputs.ours) !== posted) mismatch('the copies differ from the posted records');
  rows.push({
    caseName: `ingest → file_sink, ${BODY_LINES} records a post, ${connections} connection${connections === 1 ? '' : 's'}`,
    rows: RECORDS,
    ours: ours!,
    peerName: 'bare http + JSON.parse/stringify',
    peer: peer!,
    check: `${RECORDS.toLocaleString('en-US')} records, each once, byte-equal`,
    minRate: 20_000,
  });
}
console.log(`${describeRuntime().replace(/\d+ warm-ups, best and median of \d+ runs/, `${TIMING.warmups} warm-up, best and median of ${TIMING.runs} runs`)}`);
printTable('The job server: POST /ingest (http_source) into a file_sink job', rows);
