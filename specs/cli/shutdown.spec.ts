import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Honest shutdown and prompt signals (issue 7, items 10 and 11), with real child processes of
 * the built binary: start `ferris run`, wait until the job has started and read rows, send the
 * signal, and check the exit code, the output and stderr within a bounded time.
 */

const ferris = join(import.meta.dirname, '../../bin/ferris.js');

interface Stopped {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from the signal to the exit. */
  readonly exitMs: number;
}

/** Runs `sql` with `ferris run [args]`, sends `signal` once the job started (plus `afterMs`), and waits for the exit. */
function runAndStop(sql: string, signal: NodeJS.Signals, args: string[] = [], afterMs = 400): Promise<Stopped> {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-stop-'));
  writeFileSync(join(dir, 'app.sql'), sql);
  const child = spawn(process.execPath, [ferris, 'run', 'app.sql', ...args], { cwd: dir, env: { ...process.env, FERRIS_LOG_LEVEL: 'info' } });
  let stdout = '';
  let stderr = '';
  let signalledAt = 0;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (signalledAt === 0 && stderr.includes('job started')) {
      signalledAt = -1;
      setTimeout(() => {
        signalledAt = Date.now();
        child.kill(signal);
      }, afterMs);
    }
  });
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ferris did not exit within 10 s of ${signal}; stderr:\n${stderr}`));
    }, 15_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, exitMs: Date.now() - signalledAt });
    });
  });
}

/** A datagen stream of two symbols; a window of an hour of trade time never closes during a test. */
const trades = (extra = ''): string =>
  `CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.symbols' = 'AAA,BBB'${extra});\n`;
const hourly = 'SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL \'1\' HOUR)';

describe('ferris run stopped by a signal', () => {
  it('does not emit an open window as final by default, and says how many windows and rows it kept', async () => {
    const result = await runAndStop(`${trades(", 'trades.rate' = '200'")}${hourly};\n`, 'SIGTERM');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("stopped without drain: 1 window (2 rows) not emitted (ferris run --drain or 'shutdown' = 'drain' emits them)");
  });

  it('emits the open windows with --drain', async () => {
    const result = await runAndStop(`${trades(", 'trades.rate' = '200'")}${hourly};\n`, 'SIGINT', ['--drain']);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { symbol: string; n: number });
    expect(rows.map((r) => r.symbol).sort()).toEqual(['AAA', 'BBB']);
    expect(result.stderr).not.toContain('not emitted');
  });

  it("emits the open windows with 'shutdown' = 'drain'", async () => {
    const result = await runAndStop(`${trades(", 'trades.rate' = '200'")}${hourly} WITH ('shutdown' = 'drain');\n`, 'SIGTERM');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('handles SIGTERM promptly in an unbounded job whose WHERE matches nothing', async () => {
    const result = await runAndStop(`${trades()}SELECT symbol FROM trades WHERE quantity < 0;\n`, 'SIGTERM');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.exitMs).toBeLessThan(3000);
  });

  it('handles SIGTERM promptly in an unbounded job with only EMIT FINAL output', async () => {
    const result = await runAndStop(`${trades()}SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol EMIT FINAL;\n`, 'SIGTERM');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/stopped without drain: 2 rows not emitted/);
    expect(result.exitMs).toBeLessThan(3000);
  });

  it('exits 130 on SIGINT in a counted job, before all its rows, saying the output is incomplete and how far it got', async () => {
    const result = await runAndStop(`${trades(", 'trades.count' = '1000000000'")}SELECT symbol FROM trades WHERE quantity < 0;\n`, 'SIGINT');
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/query_1: output incomplete: stopped by SIGINT after \d+ rows in/);
    expect(result.exitMs).toBeLessThan(3000);
  });

  it('exits 143 on SIGTERM in a bounded job', async () => {
    const result = await runAndStop(`${trades(", 'trades.count' = '1000000000'")}SELECT symbol FROM trades WHERE quantity < 0;\n`, 'SIGTERM');
    expect(result.code).toBe(143);
    expect(result.stderr).toContain('output incomplete: stopped by SIGTERM');
  });

  it('exits 143 on a SIGTERM that arrives while a job is still opening its source (a watched directory waiting for its first file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-stop-'));
    writeFileSync(
      join(dir, 'app.sql'),
      "CREATE STREAM w WITH ('w.type' = 'file_source', 'w.path' = 'in/*.csv', 'w.format' = 'csv', 'w.watching' = 'true');\nSELECT * FROM w;\n",
    );
    const child = spawn(process.execPath, [ferris, 'run', 'app.sql', '--no-progress'], { cwd: dir, env: { ...process.env, FERRIS_LOG_LEVEL: 'info' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stderr).not.toContain('job started');
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(guard);
    expect(code).toBe(143);
    expect(Date.now() - signalledAt).toBeLessThan(3000);
    expect(stderr).toContain('SIGTERM received while the jobs were opening: stopped before reading anything');
  });
});
