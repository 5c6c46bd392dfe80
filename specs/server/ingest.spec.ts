import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, jobOf, testServer, type TestServer } from './serverKit.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.server.close();
  running = undefined;
});

const ORDERS = "CREATE STREAM orders (id INTEGER, amount DECIMAL(20,2), note VARCHAR) WITH ('orders.type' = 'http_source');";
const jobWriting = (name: string, path: string, extra = ''): string =>
  `CREATE STREAM ${name} AS SELECT id, amount FROM orders WHERE amount > 100 WITH ('${name}.type' = 'file_sink', '${name}.path' = '${path}'${extra});`;
const post = (t: TestServer, stream: string, body: string): Promise<Response> =>
  t.request(`/ingest/${stream}`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });

describe('POST /ingest/:stream feeds an http_source', () => {
  it('reads NDJSON lines with exact numbers into every job reading the stream, counting the lines it refuses', async () => {
    const t = (running = await testServer());
    expect((await t.sql(`${ORDERS}\n${jobWriting('big', 'big.jsonl')}\n${jobWriting('also_big', 'also.jsonl')}`)).status).toBe(200);
    const body = ['{"id":1,"amount":123456789012345678.91,"note":"x"}', '{"id":2,"amount":5}', 'not json', '', '{"id":3,"amount":"100.01"}'].join('\n');
    const response = await post(t, 'orders', body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 3, rejected: 1 });
    await eventually(async () => (await jobOf(t, 'big')).rows_out === 2 && (await jobOf(t, 'also_big')).rows_out === 2, 'both jobs wrote their rows');
    expect((await jobOf(t, 'big')).bad_records).toBe(1);
    expect((await jobOf(t, 'big')).last_error).toContain('JSON');
    const expected = '{"id":1,"amount":"123456789012345678.91"}\n{"id":3,"amount":"100.01"}\n';
    // Each job counts the bytes of the post's body in, and the bytes of its encoded lines out.
    const metrics = await (await t.request('/metrics')).text();
    for (const job of ['big', 'also_big']) {
      expect(metrics).toContain(`ferris_bytes_in_total{job="${job}"} ${Buffer.byteLength(body)}\n`);
      expect(metrics).toContain(`ferris_bytes_out_total{job="${job}"} ${Buffer.byteLength(expected)}\n`);
    }
    await t.request('/jobs/big', { method: 'DELETE' });
    await t.request('/jobs/also_big', { method: 'DELETE' });
    expect(readFileSync(join(t.dir, 'big.jsonl'), 'utf8')).toBe(expected);
    expect(readFileSync(join(t.dir, 'also.jsonl'), 'utf8')).toBe(expected);
  });

  it('answers 404 for an unknown stream, 409 for a stream that is no http_source or that no running job reads', async () => {
    const t = (running = await testServer());
    await t.sql(`${ORDERS} CREATE STREAM gen WITH ('gen.type' = 'datagen');`);
    expect((await post(t, 'nowhere', '{}')).status).toBe(404);
    const notHttp = await post(t, 'gen', '{}');
    expect(notHttp.status).toBe(409);
    expect(((await notHttp.json()) as { message: string }).message).toContain("stream 'gen' is a datagen, not an http_source");
    const unread = await post(t, 'orders', '{"id":1}');
    expect(unread.status).toBe(409);
    expect(((await unread.json()) as { code: string }).code).toBe('NO_READER');
  });

  it("refuses the post with 400 and fails the job when a bad line meets failure_strategy 'fail'", async () => {
    const t = (running = await testServer());
    await t.sql(`${ORDERS}\n${jobWriting('strict', 'strict.jsonl', ", 'failure_strategy' = 'fail'")}`);
    const response = await post(t, 'orders', '{"id":1,"amount":500}\n{"id":"one"}\n');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain("line 2: field 'id'");
    await eventually(async () => (await jobOf(t, 'strict')).status === 'failed', 'the job failed');
    expect((await jobOf(t, 'strict')).last_error).toContain("field 'id'");
  });

  it('is refused outside the server: ferris run cannot open an http_source', async () => {
    const { openJob } = await import('../../lib/runtime/openJob.js');
    const { loadApp } = await import('../../lib/runtime/app.js');
    const { silentLogger } = await import('../../lib/runtime/logger.js');
    const app = loadApp(`${ORDERS} SELECT id FROM orders;`, { file: undefined, variables: () => undefined });
    await expect(openJob(app.jobs[0]!, { baseDir: '.', log: silentLogger })).rejects.toThrow(
      "'orders.type' = 'http_source' is fed by POST /ingest/orders of the job server: deploy the job with 'ferris server' (POST /sql)",
    );
  });
});

describe('an ad-hoc SELECT', () => {
  it('streams its rows as NDJSON until its LIMIT', async () => {
    const t = (running = await testServer());
    await t.sql("CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.rate' = '500', 'trades.batch.size' = '10');");
    const response = await t.sql('SELECT trade_id, symbol FROM trades LIMIT 3;');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { trade_id: number });
    expect(lines.map((row) => Object.keys(row))).toEqual([['trade_id', 'symbol'], ['trade_id', 'symbol'], ['trade_id', 'symbol']]);
  });

  it('streams rows as they arrive and stops when the client disconnects', async () => {
    const t = (running = await testServer());
    await t.sql(ORDERS);
    const abort = new AbortController();
    const response = await t.request('/sql', { method: 'POST', body: 'SELECT id, amount FROM orders;', headers: { 'content-type': 'text/plain' }, signal: abort.signal });
    expect(response.status).toBe(200);
    expect((await post(t, 'orders', '{"id":7,"amount":"1.50"}\n')).status).toBe(200);
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('{"id":7,"amount":"1.50"}\n');
    abort.abort();
    await eventually(async () => (await post(t, 'orders', '{"id":8}')).status === 409, 'the query stopped reading');
  });

  it('must come last in its request', async () => {
    const t = (running = await testServer());
    const response = await t.sql(`${ORDERS} SELECT id FROM orders; SHOW STREAMS;`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'NOT_SUPPORTED', line: 1 });
  });
});

describe('pause', () => {
  it('is real: a paused job reads nothing until resumed', async () => {
    const t = (running = await testServer());
    await t.sql(
      "CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.rate' = '2000', 'trades.batch.size' = '20');\n" +
        "CREATE STREAM copy AS SELECT * FROM trades WITH ('copy.type' = 'file_sink', 'copy.path' = 'copy.jsonl');",
    );
    await eventually(async () => (await jobOf(t, 'copy')).rows_in > 0, 'rows read');
    const paused = await t.request('/jobs/copy/pause', { method: 'POST' });
    expect(((await paused.json()) as { status: string }).status).toBe('paused');
    // At most the batch being read when the pause came still arrives.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = (await jobOf(t, 'copy')).rows_in;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await jobOf(t, 'copy')).rows_in).toBe(before);
    expect((await t.request('/jobs/copy/pause', { method: 'POST' })).status).toBe(409);
    expect(((await (await t.request('/jobs/copy/resume', { method: 'POST' })).json()) as { status: string }).status).toBe('running');
    await eventually(async () => (await jobOf(t, 'copy')).rows_in > before, 'reading again');
  });
});
