import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../lib/runtime/logger.js';
import { DEFAULT_LIMITS, startJobServer } from '../../lib/server/server.js';
import { eventually, jobOf, testServer } from './serverKit.js';

const ORDERS = "CREATE STREAM orders (id INTEGER) WITH ('orders.type' = 'http_source');";
const job = (name: string): string => `CREATE STREAM ${name} AS SELECT id FROM orders WITH ('${name}.type' = 'file_sink', '${name}.path' = '${name}.jsonl')`;

describe('--data-dir', () => {
  it('brings deployed jobs back after a restart, with their SQL and their state (running, paused, stopped)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferris-data-'));
    const first = await testServer({ dataDir });
    const baseDir = first.dir;
    expect((await first.sql(`${ORDERS}\n${job('live')};\n${job('resting')};\n${job('ended')};\nPAUSE JOB resting; STOP JOB ended;`)).status).toBe(200);
    await first.server.close();
    const saved = JSON.parse(readFileSync(join(dataDir, 'server-state.json'), 'utf8')) as { statements: { sql: string; job?: { name: string; state: string } }[] };
    expect(saved.statements.map((s) => s.job ?? s.sql)).toEqual([ORDERS.slice(0, -1), { name: 'live', state: 'running' }, { name: 'resting', state: 'paused' }, { name: 'ended', state: 'stopped' }]);

    const second = await testServer({ dataDir, baseDir });
    try {
      const jobs = (await (await second.request('/jobs')).json()) as { name: string; status: string; sql: string }[];
      expect(jobs.map((j) => [j.name, j.status, j.sql])).toEqual([
        ['live', 'running', job('live')],
        ['resting', 'paused', job('resting')],
        ['ended', 'stopped', job('ended')],
      ]);
      // A post is answered once every job reading the stream took it: the paused one too.
      expect((await second.sql('RESUME JOB resting;')).status).toBe(200);
      expect((await second.request('/ingest/orders', { method: 'POST', body: '{"id":1}\n', headers: { 'content-type': 'application/x-ndjson' } })).status).toBe(200);
      await eventually(async () => (await jobOf(second, 'live')).rows_out === 1 && (await jobOf(second, 'resting')).rows_out === 1, 'the restored jobs wrote the row');
      expect((await second.sql('START JOB ended;')).status).toBe(200);
      expect((await jobOf(second, 'ended')).status).toBe('running');
    } finally {
      await second.server.close();
    }
    const third = await testServer({ dataDir, baseDir });
    expect(((await (await third.request('/jobs')).json()) as { name: string; status: string }[]).map((j) => j.status)).toEqual(['running', 'running', 'running']);
    await third.server.close();
  });

  it('closes promptly while a saved job still waits for its source, and that job never runs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferris-data-'));
    const baseDir = mkdtempSync(join(tmpdir(), 'ferris-base-'));
    const sql = "CREATE STREAM copy AS SELECT * FROM incoming WITH ('incoming.type' = 'file_source', 'incoming.path' = 'in/*.jsonl', 'incoming.watching' = 'true', 'incoming.polling_interval' = '20', 'copy.type' = 'file_sink', 'copy.path' = 'copy.jsonl')";
    writeFileSync(join(dataDir, 'server-state.json'), JSON.stringify({ version: 1, statements: [{ sql, job: { name: 'copy', state: 'running' } }] }));
    const server = await startJobServer({ host: '127.0.0.1', port: 0, token: undefined, dataDir, baseDir, limits: DEFAULT_LIMITS, log: silentLogger, variables: () => undefined, version: 't' });
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(baseDir, 'in'));
    writeFileSync(join(baseDir, 'in', 'a.jsonl'), '{"id":1}\n');
    await server.restored;
    expect(server.deployments.jobs.list.map((job) => [job.name, job.status])).toEqual([['copy', 'failed']]);
    expect(server.deployments.jobs.list[0]!.error).toBe('job copy: the server is stopping');
    // Its sink was opened (and closed) with the job, but nothing was read into it.
    expect(readFileSync(join(baseDir, 'copy.jsonl'), 'utf8')).toBe('');
  });

  it('refuses to start on a state file that is not one, naming it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferris-data-'));
    writeFileSync(join(dataDir, 'server-state.json'), '{"version": 1, "statements": [{"sql": 3}]}');
    await expect(testServer({ dataDir })).rejects.toThrow(`${join(dataDir, 'server-state.json')} is not a ferris server state file (version 1 with a list of statements)`);
    writeFileSync(join(dataDir, 'server-state.json'), '{"version": 1,');
    await expect(testServer({ dataDir })).rejects.toThrow(/server-state\.json is not JSON \(.*\): not a ferris server state file/);
  });

  it('answers /health/ready 503 while saved jobs are still connecting, 200 once they are', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferris-data-'));
    const baseDir = mkdtempSync(join(tmpdir(), 'ferris-base-'));
    const sql = "CREATE STREAM copy AS SELECT * FROM incoming WITH ('incoming.type' = 'file_source', 'incoming.path' = 'in/*.jsonl', 'incoming.watching' = 'true', 'incoming.polling_interval' = '20', 'copy.type' = 'file_sink', 'copy.path' = 'copy.jsonl')";
    writeFileSync(join(dataDir, 'server-state.json'), JSON.stringify({ version: 1, statements: [{ sql, job: { name: 'copy', state: 'running' } }] }));
    const server = await startJobServer({ host: '127.0.0.1', port: 0, token: undefined, dataDir, baseDir, limits: DEFAULT_LIMITS, log: silentLogger, variables: () => undefined, version: 't' });
    try {
      const ready = await fetch(`${server.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'starting', reason: "jobs' sources and sinks are being connected" });
      expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(baseDir, 'in'));
      writeFileSync(join(baseDir, 'in', 'a.jsonl'), '{"id":1}\n');
      await server.restored;
      expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
