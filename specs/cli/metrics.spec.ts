import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * `ferris run --metrics-port` (issue 10, item 2, standalone runs), with real child processes
 * of the built binary and real HTTP: /metrics is Prometheus text whose job counters grow while
 * an unbounded job runs.
 */

const ferris = join(import.meta.dirname, '../../bin/ferris.js');

/** An unbounded datagen job `out` writing JSONL to out.jsonl, in a new directory. */
function datagenApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-metrics-'));
  writeFileSync(
    join(dir, 'app.sql'),
    "CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.symbols' = 'AAA,BBB', 'trades.rate' = '1000');\n" +
      "CREATE STREAM out AS SELECT symbol, price FROM trades WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'out.format' = 'jsonl');\n",
  );
  return dir;
}

/** Collects the child's stderr; `waitFor` resolves with the first match of a pattern in all of it so far or to come (rejects after 10 s). */
function watchStderr(child: ChildProcessWithoutNullStreams): { waitFor(pattern: RegExp): Promise<RegExpExecArray> } {
  let stderr = '';
  const waiting = new Set<() => void>();
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of waiting) check();
  });
  return {
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error(`no ${pattern} on stderr within 10 s:\n${stderr}`)), 10_000);
        const check = (): void => {
          const match = pattern.exec(stderr);
          if (match === null) return;
          clearTimeout(guard);
          waiting.delete(check);
          resolve(match);
        };
        waiting.add(check);
        check();
      }),
  };
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|Nan|[+-]Inf)$/;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;

/**
 * Parses Prometheus text exposition: `name{labels}` → value. Throws on a line that is not a
 * comment, a blank line or a sample, and on a sample whose family has no `# TYPE` line before it.
 */
function parsePrometheus(text: string): Map<string, number> {
  const typed = new Set<string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const type = TYPE.exec(line);
    if (type !== null) typed.add(type[1]!);
    if (line === '' || line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (sample === null) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const family = sample[1]!.replace(/_(bucket|sum|count)$/, '');
    if (!typed.has(sample[1]!) && !typed.has(family)) throw new Error(`sample before its # TYPE: ${line}`);
    samples.set(sample[1]! + (sample[2] ?? ''), Number(sample[3]));
  }
  return samples;
}

/** GETs `url` and parses the answer, checking its status and content type. */
async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await response.text());
}

/** Resolves with the exit code once the child exits (rejects after 10 s). */
function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error('ferris did not exit within 10 s')), 10_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve(code);
    });
  });
}

describe('ferris run --metrics-port', () => {
  it('serves /metrics as Prometheus text over HTTP while an unbounded job runs: the job counters grow; process metrics are there; SIGTERM still stops it', async () => {
    const dir = datagenApp();
    const child = spawn(process.execPath, [ferris, 'run', '--no-progress', 'app.sql', '--metrics-port', '0'], { cwd: dir, env: { ...process.env, FERRIS_LOG_LEVEL: 'info' } });
    const code = exited(child);
    const stderr = watchStderr(child);
    try {
      const url = (await stderr.waitFor(/metrics served url=(http:\/\/127\.0\.0\.1:\d+\/metrics)/))[1]!;
      await stderr.waitFor(/job started job=out/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const first = await scrape(url);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const second = await scrape(url);
      for (const counter of ['ferris_records_in_total', 'ferris_records_out_total']) {
        const key = `${counter}{job="out"}`;
        expect(first.get(key), key).toBeGreaterThan(0);
        expect(second.get(key)!, key).toBeGreaterThan(first.get(key)!);
      }
      expect(second.get('ferris_bad_records_total{job="out"}')).toBe(0);
      expect(second.get('ferris_late_records_total{job="out"}')).toBe(0);
      // The processing latency is a histogram with a sample per source batch; the file sink counts the bytes it wrote.
      const batches = second.get('ferris_processing_latency_seconds_count{job="out"}')!;
      expect(batches).toBeGreaterThan(0);
      expect(second.get('ferris_processing_latency_seconds_bucket{job="out",le="+Inf"}')).toBe(batches);
      expect(second.get('ferris_bytes_out_total{job="out"}')).toBeGreaterThan(first.get('ferris_bytes_out_total{job="out"}')!);
      expect(second.get('ferris_bytes_in_total{job="out"}')).toBe(0);
      expect(second.get('ferris_process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(second.has('ferris_nodejs_eventloop_lag_seconds')).toBe(true);
      expect((await fetch(url.replace('/metrics', '/jobs'))).status).toBe(404);
      expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await code).toBe(0);
  });

  it('serves the user metrics of @metric annotations, and without --metrics-port warns they are not served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-metrics-'));
    writeFileSync(join(dir, 'in.csv'), 'symbol,qty\nAAA,5\nBBB,7\nAAA,1\n');
    writeFileSync(
      join(dir, 'app.sql'),
      "CREATE STREAM fills (symbol STRING, qty INTEGER) WITH ('fills.type' = 'file_source', 'fills.path' = 'in.csv', 'fills.watching' = 'true', 'fills.polling_interval' = '50');\n" +
        '-- @metric: fill_qty_total\n-- @metric_field: qty\n-- @metric_labels: symbol\n' +
        "CREATE STREAM out AS SELECT symbol, qty FROM fills WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl');\n",
    );
    const child = spawn(process.execPath, [ferris, 'run', '--no-progress', 'app.sql', '--metrics-port', '0'], { cwd: dir, env: { ...process.env, FERRIS_LOG_LEVEL: 'info' } });
    const code = exited(child);
    const stderr = watchStderr(child);
    try {
      const url = (await stderr.waitFor(/metrics served url=(http:\/\/127\.0\.0\.1:\d+\/metrics)/))[1]!;
      await stderr.waitFor(/job started job=out/);
      let samples = await scrape(url);
      for (let tries = 0; samples.get('fill_qty_total{job="out",symbol="AAA"}') !== 6 && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        samples = await scrape(url);
      }
      expect(samples.get('fill_qty_total{job="out",symbol="AAA"}')).toBe(6);
      expect(samples.get('fill_qty_total{job="out",symbol="BBB"}')).toBe(7);
      expect(samples.get('ferris_bytes_in_total{job="out"}')).toBe(statSync(join(dir, 'in.csv')).size);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await code).toBe(0);
    const unserved = spawnSync(process.execPath, [ferris, 'run', '--no-progress', 'app.sql'], { cwd: dir, encoding: 'utf8', timeout: 3000, killSignal: 'SIGTERM' });
    expect(unserved.stderr).toContain('WARN  @metric annotations not served: fill_qty_total (they are served by ferris server, or ferris run --metrics-port) job=out');
  });

  it('warns when it binds an address other machines can reach (the endpoint has no authentication)', async () => {
    const child = spawn(process.execPath, [ferris, 'run', '--no-progress', 'app.sql', '--metrics-port', '0', '--metrics-host', '0.0.0.0'], { cwd: datagenApp() });
    const code = exited(child);
    const stderr = watchStderr(child);
    try {
      const port = (await stderr.waitFor(/metrics served url=http:\/\/0\.0\.0\.0:(\d+)\/metrics/))[1]!;
      await stderr.waitFor(/WARN  metrics served on 0\.0\.0\.0, not only on this machine: anyone who can reach it reads them/);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
      await stderr.waitFor(/job started job=out/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await code).toBe(0);
  });

  it('fails before reading anything when the port is in use, naming the port', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const dir = datagenApp();
      const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [ferris, 'run', '--no-progress', 'app.sql', '--metrics-port', String(port)], { cwd: dir });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (status) => resolve({ status, stderr }));
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`ferris: --metrics-port ${port}: cannot serve metrics on 127.0.0.1:${port}: port ${port} is already in use on 127.0.0.1`);
      expect(existsSync(join(dir, 'out.jsonl'))).toBe(false);
    } finally {
      taken.close();
    }
  });

  it('rejects a port that is not one, and --metrics-host without --metrics-port (it would serve nothing)', () => {
    const dir = datagenApp();
    const badPort = spawnSync(process.execPath, [ferris, 'run', 'app.sql', '--metrics-port', '80a'], { cwd: dir, encoding: 'utf8' });
    expect(badPort.status).toBe(1);
    expect(badPort.stderr).toContain("a port is a whole number from 0 to 65535 (0: any free port), got '80a'");
    const hostAlone = spawnSync(process.execPath, [ferris, 'run', 'app.sql', '--metrics-host', '0.0.0.0'], { cwd: dir, encoding: 'utf8' });
    expect(hostAlone.status).toBe(1);
    expect(hostAlone.stderr).toContain('ferris: --metrics-host 0.0.0.0 needs --metrics-port: nothing is served without a port');
  });
});
