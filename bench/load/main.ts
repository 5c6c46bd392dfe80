/**
 * The autocannon load harness: `npm run load -- --rate R --duration S --connections C
 * [--ramp S] [--batch N] [--server URL --token T]`.
 *
 * It starts `ferris server` (unless `--server` names a running one), deploys a job reading an
 * `http_source` stream and writing a JSON-lines file, and posts generated trades to
 * `/ingest/load_trades` with autocannon: `--batch` records per request (default 100), the
 * request rate set so that records arrive at `--rate` per second over `--connections`
 * keep-alive connections, after an optional linear ramp. Then it checks that every record
 * came out exactly once with the right content, reports throughput and latency percentiles
 * (p50, p95, p99, p99.9) of the requests and from event to result, and writes a chart of
 * throughput and p99 over time. It exits non-zero on any loss, duplicate, wrong row or failed
 * request.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { parseLoadOptions, type LoadOptions } from './options.js';
import { OutputWatcher, type PostedTrade } from './outputWatcher.js';
import { startServerProcess } from './serverProcess.js';
import { percentile, Timeline, timelineChart } from './timeline.js';

const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META', 'TSLA', 'JPM'];
/** How long the output may take to catch up after the last post. */
const DRAIN_TIMEOUT_MS = 30_000;

/** The job the harness deploys: a projection with exact DECIMAL arithmetic from ingest to a file. */
function jobSql(output: string): string {
  return `CREATE STREAM load_trades (trade_id BIGINT, symbol STRING, price DECIMAL(18,4), quantity INTEGER, sent_at BIGINT)
  WITH ('load_trades.type' = 'http_source');
CREATE STREAM load_out AS SELECT trade_id, symbol, price, quantity, price * quantity AS notional, sent_at FROM load_trades
  WITH ('load_out.type' = 'file_sink', 'load_out.path' = '${output}', 'load_out.format' = 'jsonl');`;
}

/** Generates trades on demand, remembering each one for the check. */
class TradeFeed {
  private next = 1;
  readonly posted = new Map<number, PostedTrade>();

  /** The NDJSON body of `count` new trades stamped with the current time. */
  body(count: number): string {
    const now = Date.now();
    const lines = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const id = this.next++;
      const cents = 10_000 + ((id * 7919) % 90_000);
      const trade: PostedTrade = { trade_id: id, symbol: SYMBOLS[id % SYMBOLS.length]!, price: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}00`, quantity: 1 + (id % 500), sent_at: now };
      this.posted.set(id, trade);
      lines[i] = `{"trade_id":${id},"symbol":"${trade.symbol}","price":${trade.price},"quantity":${trade.quantity},"sent_at":${now}}`;
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Runs autocannon for `seconds` at `requestsPerSecond`; every answered request goes into `timeline`. */
function runPhase(options: LoadOptions, url: string, token: string, feed: TradeFeed, requestsPerSecond: number, seconds: number, timeline: Timeline, failures: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: seconds,
        overallRate: Math.max(1, Math.round(requestsPerSecond)),
        requests: [
          {
            method: 'POST',
            path: '/ingest/load_trades',
            headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
            setupRequest: (request) => ({ ...request, body: feed.body(options.batch) }),
          },
        ],
      },
      (error) => (error ? reject(error) : resolve()),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 200 || statusCode >= 300) {
        if (failures.length < 5) failures.push(`HTTP ${statusCode}`);
        return;
      }
      timeline.add(Date.now(), options.batch, responseTime);
    });
  });
}

async function deploy(url: string, token: string, sql: string): Promise<void> {
  const response = await fetch(`${url}/sql`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` }, body: sql });
  if (!response.ok) throw new Error(`deploying the load job failed: HTTP ${response.status} ${await response.text()}`);
}

async function waitForOutput(watcher: OutputWatcher, expected: number): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (watcher.seen < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

function percentiles(values: number[]): string {
  const sorted = values.sort((a, b) => a - b);
  return [50, 95, 99, 99.9].map((p) => `${percentile(sorted, p).toFixed(1)}`).join(' / ');
}

async function main(): Promise<void> {
  const options = parseLoadOptions(process.argv.slice(2));
  const work = mkdtempSync(path.join(tmpdir(), 'ferris-load-'));
  const output = path.join(work, 'out.jsonl');
  const started = options.server === undefined ? await startServerProcess(path.join(work, 'server')) : undefined;
  const url = options.server ?? started!.url;
  const token = options.token ?? started?.token ?? '';
  let failed = false;
  try {
    await deploy(url, token, jobSql(output));
    const feed = new TradeFeed();
    const startedAt = Date.now();
    const timeline = new Timeline(startedAt);
    const watcher = new OutputWatcher(output, feed.posted, startedAt);
    watcher.start();
    const failures: string[] = [];
    const fullRate = options.rate / options.batch;
    for (let s = 0; s < Math.ceil(options.ramp); s++) {
      await runPhase(options, url, token, feed, fullRate * (0.1 + (0.9 * (s + 1)) / Math.ceil(options.ramp)), 1, timeline, failures);
    }
    const loadStarted = Date.now();
    await runPhase(options, url, token, feed, fullRate, options.duration, timeline, failures);
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const runSeconds = Math.floor((Date.now() - startedAt) / 1000);
    const posted = feed.posted.size;
    await waitForOutput(watcher, posted);
    const report = watcher.stop();
    // The last second of the run is cut short: charted are the whole seconds only.
    const seconds = timeline.seconds().filter((s) => s.second < runSeconds);
    const full = seconds.slice(Math.ceil(options.ramp));
    const sustained = full.length === 0 ? 0 : full.reduce((sum, s) => sum + s.records, 0) / loadSeconds;
    const lost = posted - report.seen;
    const table = [
      `### Load: ${options.rate.toLocaleString('en-US')} records/s target, ${options.connections} connections, ${options.batch} records per request, ${options.duration} s${options.ramp > 0 ? ` after a ${options.ramp} s ramp` : ''}`,
      '',
      `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: \`npm run load -- ${process.argv.slice(2).join(' ')}\`.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| records posted (accepted) | ${posted.toLocaleString('en-US')} |`,
      `| records out / lost / duplicated / unknown / wrong | ${report.seen.toLocaleString('en-US')} / ${lost} / ${report.duplicates} / ${report.unknown} / ${report.wrong.length} |`,
      `| sustained throughput at full rate | ${Math.round(sustained).toLocaleString('en-US')} records/s |`,
      `| request latency p50 / p95 / p99 / p99.9 | ${percentiles(timeline.allLatencies())} ms |`,
      `| event → result latency p50 / p95 / p99 / p99.9 | ${percentiles(report.latencies.map((l) => l.ms))} ms (output polled every 5 ms) |`,
      `| failed requests | ${failures.length === 0 ? 'none' : failures.join(', ')} |`,
    ].join('\n');
    console.log(`\n${table}`);
    mkdirSync(path.dirname(options.chart), { recursive: true });
    // The report of npm run bench includes the latest load run next to its chart.
    writeFileSync(path.join(path.dirname(options.chart), 'latest.md'), `${table}\n\n![throughput and p99](load/${path.basename(options.chart)})\n`);
    writeFileSync(options.chart, timelineChart(`ferris server: ${options.rate.toLocaleString('en-US')} records/s over ${options.connections} connections`, seconds));
    console.log(`\nchart: ${options.chart}`);
    for (const wrong of report.wrong) console.error(`wrong row: ${wrong}`);
    failed = lost !== 0 || report.duplicates !== 0 || report.unknown !== 0 || report.wrong.length !== 0 || failures.length !== 0;
    if (failed) console.error('LOAD CHECK FAILED: the output is not every posted record exactly once');
  } finally {
    started?.child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
  if (failed) process.exit(2);
}

await main();
