import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, jobOf, testServer, type TestServer } from './serverKit.js';

const TRADES = "CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.rate' = '2000', 'trades.batch.size' = '50');";
const BIG = "CREATE STREAM big_trades AS SELECT trade_id, symbol, price FROM trades WHERE quantity > 0 WITH ('big_trades.type' = 'file_sink', 'big_trades.path' = 'big.jsonl');";

let running: TestServer | undefined;
afterEach(async () => {
  await running?.server.close();
  running = undefined;
});

describe('POST /sql deploys jobs', () => {
  it('answers {"jobs": [...]} for a CSAS, lists the job running with its SQL, counts its rows, and DELETE drains and stops it', async () => {
    const t = (running = await testServer());
    const response = await t.sql(`${TRADES}\n${BIG}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ jobs: ['big_trades'] });
    await eventually(async () => (await jobOf(t, 'big_trades')).rows_out > 100, 'rows written');
    const jobs = (await (await t.request('/jobs')).json()) as { name: string; status: string; rows_in: number; sql: string }[];
    expect(jobs.map((j) => [j.name, j.status])).toEqual([['big_trades', 'running']]);
    expect(jobs[0]!.sql).toBe(BIG.slice(0, -1));
    const metrics = await (await t.request('/metrics')).text();
    expect(metrics).toMatch(/^ferris_records_in_total\{job="big_trades"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^ferris_records_out_total\{job="big_trades"\} [1-9]\d*$/m);
    const stopped = await t.request('/jobs/big_trades', { method: 'DELETE' });
    expect(stopped.status).toBe(200);
    const job = (await stopped.json()) as { status: string; rows_out: number };
    expect(job.status).toBe('stopped');
    const lines = readFileSync(join(t.dir, 'big.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(job.rows_out);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual(['trade_id', 'symbol', 'price']);
  });

  it('answers a SQL error with 400 and its line, column and message, and deploys nothing', async () => {
    const t = (running = await testServer());
    const response = await t.sql('CREATE STREAM s WITH (\'s.type\' = \'datagen\');\nSELEC * FROM s;');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string; line: number; column: number };
    expect(body).toMatchObject({ code: 'SQL_SYNTAX', line: 2, column: 1 });
    expect(body.message).toContain('SELEC');
    const unknown = await t.sql('CREATE STREAM o AS SELECT * FROM nowhere WITH (\'o.type\' = \'stdout\');');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: 'SQL_BIND', line: 1, column: 34 });
    const missing = await t.sql("CREATE STREAM o AS SELECT * FROM src WITH ('src.type' = 'file_source', 'src.path' = 'missing.csv', 'o.type' = 'file_sink', 'o.path' = 'o.jsonl');");
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toContain("file not found: 'missing.csv'");
    expect(await (await t.request('/jobs')).json()).toEqual([]);
  });

  it('checks restart keys as ferris run does: tuning a job that does not restart is a 400 naming the keys', async () => {
    const t = (running = await testServer());
    const response = await t.sql(`${TRADES}\n${BIG.slice(0, -2)}, 'restart.attempts' = '3');`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string };
    expect(body.message).toContain("'restart.attempts' tune restarts, but the job does not restart");
    expect(body.message).toContain('accepted values: fixed_delay, exponential');
    expect(await (await t.request('/jobs')).json()).toEqual([]);
  });

  it('refuses a second job of a running job\'s name with 409, and replaces it once stopped', async () => {
    const t = (running = await testServer());
    expect((await t.sql(`${TRADES}\n${BIG}`)).status).toBe(200);
    const again = await t.sql(BIG);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toContain("job 'big_trades' is running");
    expect((await t.sql('STOP JOB big_trades;')).status).toBe(200);
    expect((await t.sql(BIG)).status).toBe(200);
    expect((await jobOf(t, 'big_trades')).status).toBe('running');
  });

  it('deploys one of two concurrent requests for the same job name and refuses the other with 409', async () => {
    const t = (running = await testServer());
    await t.sql(TRADES);
    const statuses = (await Promise.all([t.sql(BIG), t.sql(BIG)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(((await (await t.request('/jobs')).json()) as unknown[]).length).toBe(1);
  });

  it('deploys DEPLOY JOB, and refuses a roll-out STRATEGY as not supported yet', async () => {
    const t = (running = await testServer());
    await t.sql(TRADES);
    const deployed = await t.sql("DEPLOY JOB picked VERSION '1' AS SELECT trade_id FROM trades WITH ('picked.type' = 'file_sink', 'picked.path' = 'picked.jsonl');");
    expect(await deployed.json()).toEqual({ jobs: ['picked'] });
    const canary = await t.sql("DEPLOY JOB other VERSION '2' AS SELECT trade_id FROM trades WITH ('other.type' = 'file_sink', 'other.path' = 'other.jsonl') STRATEGY CANARY(10);");
    expect(canary.status).toBe(400);
    expect(((await canary.json()) as { message: string }).message).toContain('not supported yet: DEPLOY JOB ... STRATEGY CANARY');
  });

  it('answers DESCRIBE of an unknown name with 400 at the name', async () => {
    const t = (running = await testServer());
    const response = await t.sql('DESCRIBE nothing;');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'SQL_BIND', message: "unknown stream or table 'nothing' (known: none)", line: 1, column: 10 });
  });

  it('runs SHOW, DESCRIBE, EXPLAIN, PAUSE, RESUME and STOP, answering their text', async () => {
    const t = (running = await testServer());
    await t.sql(`${TRADES}\n${BIG}`);
    const response = await t.sql('SHOW STREAMS; DESCRIBE trades; SHOW JOBS; EXPLAIN SELECT symbol FROM trades; PAUSE JOB big_trades;');
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: { statement: string; output: string }[] };
    expect(results.map((r) => r.statement)).toEqual(['SHOW STREAMS', 'DESCRIBE trades', 'SHOW JOBS', 'EXPLAIN SELECT symbol FROM trades', 'PAUSE JOB big_trades']);
    expect(results[0]!.output).toMatch(/trades\s+datagen/);
    expect(results[1]!.output).toContain('type = datagen');
    expect(results[2]!.output).toMatch(/big_trades\s+running/);
    const filtered = (await (await t.sql("SHOW JOBS LIKE 'small%';")).json()) as { results: { output: string }[] };
    expect(filtered.results[0]!.output).not.toContain('big_trades');
    expect(results[3]!.output).toContain('Physical plan:');
    expect(results[4]!.output).toBe('paused job big_trades\n');
    expect((await jobOf(t, 'big_trades')).status).toBe('paused');
    expect(((await (await t.sql('RESUME JOB big_trades;')).json()) as { results: { output: string }[] }).results[0]!.output).toBe('resumed job big_trades\n');
    expect((await jobOf(t, 'big_trades')).status).toBe('running');
    await t.sql('STOP JOB big_trades;');
    expect((await jobOf(t, 'big_trades')).status).toBe('stopped');
  });

  it('refuses to DROP the output of a running job (409) and drops a declared stream', async () => {
    const t = (running = await testServer());
    await t.sql(`${TRADES}\n${BIG}`);
    expect((await t.sql('DROP STREAM big_trades;')).status).toBe(409);
    const dropped = await t.sql("CREATE STREAM other WITH ('other.type' = 'datagen'); DROP STREAM other;");
    expect(((await dropped.json()) as { results: { output: string }[] }).results[0]!.output).toBe('dropped stream other\n');
  });
});
