import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseErrors, schemaErrors, type OpenApiDocument } from './openApiCheck.js';
import { eventually, jobOf, testServer, type TestServer } from './serverKit.js';

let t: TestServer;
let document: OpenApiDocument;
beforeAll(async () => {
  t = await testServer({ token: 'tok' });
  document = (await (await t.request('/openapi.json')).json()) as OpenApiDocument;
});
afterAll(() => t.server.close());

const SETUP =
  "CREATE STREAM orders (id INTEGER, amount DECIMAL(10,2)) WITH ('orders.type' = 'http_source');\n" +
  "CREATE STREAM totals AS SELECT id, SUM(amount) AS total FROM orders GROUP BY id WITH ('totals.type' = 'file_sink', 'totals.path' = 'totals.jsonl');";

describe('/openapi.json', () => {
  it('is an OpenAPI 3 document whose check catches a wrong body', () => {
    expect((document as unknown as { openapi: string }).openapi).toMatch(/^3\./);
    expect(schemaErrors(document, { $ref: '#/components/schemas/Job' }, { name: 'x', status: 'sleeping' })).toContain('$: missing rows_in');
    expect(schemaErrors(document, { $ref: '#/components/schemas/Job' }, { name: 'x', status: 'sleeping' })).toContain('$.status: "sleeping" not in ["running","paused","stopped","failed","finished"]');
  });

  it('describes the real answers of every route, errors included', async () => {
    const errors: string[] = [];
    const check = async (route: string, path: string, init: RequestInit & { token?: string | null } = {}): Promise<void> => {
      errors.push(...(await responseErrors(document, route, init.method ?? 'GET', await t.request(path, init))));
    };
    const sql = (body: string, extra: RequestInit & { token?: string | null } = {}): RequestInit & { token?: string | null } => ({ method: 'POST', body, headers: { 'content-type': 'text/plain' }, ...extra });
    const ndjson = (body: string): RequestInit => ({ method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
    await check('/sql', '/sql', sql(SETUP));
    await check('/sql', '/sql', sql('SHOW STREAMS; DESCRIBE orders;'));
    await check('/sql', '/sql', sql('SELEC 1;'));
    await check('/sql', '/sql', sql('SHOW STREAMS;', { token: null }));
    await check('/sql', '/sql', sql(SETUP.split('\n')[1]!));
    await check('/sql', '/sql', { method: 'POST', body: 'x', headers: { 'content-type': 'application/json' } });
    await check('/ingest/{stream}', '/ingest/orders', ndjson('{"id":1,"amount":"2.50"}\n{"id":1,"amount":"1.25"}\nbad\n'));
    await check('/ingest/{stream}', '/ingest/nowhere', ndjson('{}'));
    await check('/ingest/{stream}', '/ingest/totals', ndjson('{}'));
    await eventually(async () => (await jobOf(t, 'totals')).rows_in === 2, 'rows read');
    await check('/jobs', '/jobs');
    await check('/jobs/{name}', '/jobs/totals');
    await check('/jobs/{name}', '/jobs/nope');
    await check('/jobs/{name}/pause', '/jobs/totals/pause', { method: 'POST' });
    await check('/jobs/{name}/pause', '/jobs/totals/pause', { method: 'POST' });
    await check('/jobs/{name}/resume', '/jobs/totals/resume', { method: 'POST' });
    await check('/jobs/{name}/resume', '/jobs/totals/resume', { method: 'POST' });
    for (const route of ['/health', '/health/live', '/health/ready', '/report', '/metrics', '/openapi.json', '/']) await check(route, route);
    await check('/jobs/{name}', '/jobs/totals', { method: 'DELETE' });
    await check('/jobs/{name}', '/jobs/totals', { method: 'DELETE', token: null });
    expect(errors).toEqual([]);
    const job = await jobOf(t, 'totals');
    expect(job).toMatchObject({ status: 'stopped', rows_in: 2, rows_out: 1, bad_records: 1 });
  });
});

describe('the health routes', () => {
  it('/health answers the counts and throughput of the jobs, /report the same as text, /health/ready 200 once every job is connected', async () => {
    const health = (await (await t.request('/health')).json()) as { status: string; jobs: { total: number; stopped: number }; performance: { records_in_total: number } };
    expect(health.status).toBe('healthy');
    expect(health.jobs.total).toBe(health.jobs.stopped);
    expect(health.performance.records_in_total).toBe(2);
    const report = await (await t.request('/report')).text();
    expect(report).toMatch(/^FerrisStreams 0\.0\.0-test performance report\n/);
    expect(report).toMatch(/job\s+status\s+rows_in\s+rows_out\s+in\/s\s+out\/s\s+bad\s+late\s+watermark lag\s+state rows\s+rows\/batch\s+ms\/write\n/);
    expect(report).toMatch(/totals\s+stopped\s+2\s+1\s+\d+\s+\d+\s+1\s+0\s+-\s+0\s+1\s+\d+\.\d\d\n/);
    expect(await (await t.request('/health/ready')).json()).toEqual({ status: 'ready', reason: 'every deployed job is connected' });
  });
});
