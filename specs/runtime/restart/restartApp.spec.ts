import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFactory } from '../../../lib/connectors/registry.js';
import type { Source, SourceFactory } from '../../../lib/connectors/types.js';
import { loadApp, startApp } from '../../../lib/runtime/app.js';
import type { Logger } from '../../../lib/runtime/logger.js';
import type { JobOutcome } from '../../../lib/runtime/pipeline.js';
import { FerrisError } from '../../../lib/types/errors.js';
import type { Row } from '../../../lib/types/value.js';

/*
 * The restart strategy in a real application (startApp, openJob, file checkpoints): the file
 * source fails once, mid-input, with a retriable error; the job restarts by itself, resumes
 * from its last checkpoint, and its committed output equals the failure-free run's.
 */

const ROWS = 200_000;
const JOB = `CREATE STREAM events (k VARCHAR, v INTEGER, ts TIMESTAMP)
  WITH ('events.type' = 'file_source', 'events.path' = 'in.jsonl', 'event.time.field' = 'ts', 'events.batch.size' = '500');
CREATE STREAM out AS
  SELECT k, TUMBLE_START(ts, INTERVAL '1' SECOND) AS w, COUNT(*) AS c, SUM(v) AS s
  FROM events GROUP BY k, TUMBLE(ts, INTERVAL '1' SECOND)
  WITH ('out.type' = 'file_sink', 'out.path' = 'out/windows.jsonl', 'checkpoint.dir' = 'ckpt', 'checkpoint.interval' = '10ms', 'restart.backoff' = '10ms'`;

function inputDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-restart-'));
  const t0 = Date.UTC(2026, 0, 1);
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) lines.push(JSON.stringify({ k: `k${i % 7}`, v: (i * 31) % 100, ts: new Date(t0 + i * 10).toISOString() }));
  writeFileSync(join(dir, 'in.jsonl'), lines.join('\n') + '\n');
  return dir;
}

/** The committed part files' lines, sorted. */
function committedLines(dir: string): string[] {
  const out = join(dir, 'out');
  return readdirSync(out)
    .filter((name) => /^windows\.part-\d+\.jsonl$/.test(name))
    .flatMap((name) => readFileSync(join(out, name), 'utf8').split('\n').filter((line) => line !== ''))
    .sort();
}

/** The source as opened, except that its batches fail with `error()` once `batches` of them were handed out. */
function failingAfter(source: Source, batches: number, error: () => Error): Source {
  const failing = async function* (): AsyncGenerator<Row[]> {
    let handed = 0;
    for await (const batch of source.batches()) {
      if (handed++ === batches) throw error();
      yield batch;
    }
  };
  return new Proxy(source, {
    get(target, key) {
      if (key === 'batches') return failing;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Source factories whose first opened file source fails after `batches` batches. */
function failingOnce(batches: number, error: () => Error): (type: string) => SourceFactory {
  let opened = 0;
  return (type) => {
    const real = sourceFactory(type);
    return { ...real, open: async (...args) => {
      const source = await real.open(...args);
      return opened++ === 0 ? failingAfter(source, batches, error) : source;
    } };
  };
}

async function runJob(dir: string, sql: string, sources?: (type: string) => SourceFactory): Promise<{ outcomes: JobOutcome[]; lines: string[] }> {
  const lines: string[] = [];
  const log: Logger = (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const app = loadApp(sql, { file: undefined, variables: () => undefined });
  const pipeline = await startApp(app, { file: undefined, baseDir: dir, variables: () => undefined, log, print: () => undefined, ...(sources && { sourceFactory: sources }) });
  return { outcomes: await pipeline.run(), lines };
}

const networkError = (): Error => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('a job that fails on a retriable error in an application', () => {
  it('restarts by itself from its last checkpoint, and its output equals the failure-free run', async () => {
    const clean = inputDir();
    expect((await runJob(clean, `${JOB});`)).outcomes.map((o) => o.error)).toEqual([undefined]);
    const expected = committedLines(clean);
    expect(expected).toHaveLength((ROWS / 100) * 7);

    const dir = inputDir();
    const { outcomes, lines } = await runJob(dir, `${JOB});`, failingOnce(200, networkError));
    expect(outcomes.map((o) => o.error)).toEqual([undefined]);
    expect(lines.find((l) => l.startsWith('warn job restarting'))).toMatch(/"attempt":1,"attempts":10,"backoff_ms":10,"error":"read ECONNRESET"/);
    // The restart resumed from a checkpoint taken before the failure, after 200 batches of 500 rows.
    const resumed = lines.find((l) => l.startsWith('info resuming from checkpoint'));
    expect(resumed).toBeDefined();
    expect(outcomes[0]!.job.metrics.restarts).toBe(1);
    expect(outcomes[0]!.job.metrics.rowsIn).toBeLessThan(ROWS);
    expect(committedLines(dir)).toEqual(expected);
  }, 60_000);

  it('fails without a restart on an error that is not retriable, or with no restart strategy', async () => {
    const bad = await runJob(inputDir(), `${JOB});`, failingOnce(50, () => new FerrisError('BAD_RECORD', 'a record no retry can read')));
    expect(bad.outcomes[0]!.error).toBeInstanceOf(FerrisError);
    expect(bad.lines.some((l) => l.includes('job restarting'))).toBe(false);

    const none = await runJob(inputDir(), `${JOB}, 'restart.strategy' = 'none');`.replace(", 'restart.backoff' = '10ms'", ''), failingOnce(50, networkError));
    expect((none.outcomes[0]!.error as Error).message).toBe('read ECONNRESET');
    expect(none.lines.some((l) => l.includes('job restarting'))).toBe(false);
  }, 60_000);
});
