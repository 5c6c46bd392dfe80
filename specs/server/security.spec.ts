import { afterEach, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from './serverKit.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.server.close();
  running = undefined;
});

const HTTP_STREAM = "CREATE STREAM ticks (id INTEGER) WITH ('ticks.type' = 'http_source');";

describe('with a token', () => {
  it('answers 401 to POST /sql, DELETE /jobs/:name, pause, resume and POST /ingest/:stream without it or with a wrong one, and serves the reading routes', async () => {
    const t = (running = await testServer({ token: 's3cret' }));
    const attempts: [string, RequestInit][] = [
      ['/sql', { method: 'POST', body: HTTP_STREAM, headers: { 'content-type': 'text/plain' } }],
      ['/jobs/x', { method: 'DELETE' }],
      ['/jobs/x/pause', { method: 'POST' }],
      ['/jobs/x/resume', { method: 'POST' }],
      ['/ingest/ticks', { method: 'POST', body: '{"id":1}\n', headers: { 'content-type': 'application/x-ndjson' } }],
    ];
    for (const [path, init] of attempts) {
      for (const token of [null, 'wrong']) {
        const response = await t.request(path, { ...init, token });
        expect(response.status, `${init.method} ${path} with token ${token}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="ferris"');
        expect(((await response.json()) as { code: string }).code).toBe('UNAUTHORIZED');
      }
    }
    for (const path of ['/jobs', '/health', '/health/live', '/health/ready', '/metrics', '/openapi.json', '/report', '/']) {
      expect((await t.request(path, { token: null })).status, path).toBe(200);
    }
    expect((await t.sql(HTTP_STREAM)).status).toBe(200);
    expect((await t.request('/jobs/x', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('requests from other sites', () => {
  it('may not change a server without a token (403), while its own pages and clients without Origin may', async () => {
    const t = (running = await testServer());
    const from = (origin: string): Promise<Response> => t.request('/sql', { method: 'POST', body: 'SHOW STREAMS;', headers: { 'content-type': 'text/plain', origin } });
    const foreign = await from('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { code: string }).code).toBe('CROSS_ORIGIN');
    expect((await from('null')).status).toBe(403);
    expect((await from(t.server.url)).status).toBe(200);
    expect((await t.sql('SHOW STREAMS;')).status).toBe(200);
    expect((await t.request('/jobs', { headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });

  it('are refused on a loopback server when their Host is not a loopback name (DNS rebinding)', async () => {
    const t = (running = await testServer());
    const port = new URL(t.server.url).port;
    const { request } = await import('node:http');
    const statusWithHost = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const sent = request({ host: '127.0.0.1', port, path: '/jobs', headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        sent.on('error', reject);
        sent.end();
      });
    expect(await statusWithHost(`evil.example:${port}`)).toBe(403);
    expect(await statusWithHost(`localhost:${port}`)).toBe(200);
    expect(await statusWithHost(`127.0.0.1:${port}`)).toBe(200);
  });
});

describe('requests are validated', () => {
  it('answers 413 to a body over the limit, whether its length is declared or it is streamed', async () => {
    const t = (running = await testServer({ limits: { sql: 100, ingest: 128 } }));
    const declared = await t.sql(`SHOW STREAMS; ${'-- padding\n'.repeat(10)}`);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ code: 'BODY_TOO_LARGE', message: 'the request body is larger than the limit of 100 bytes' });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('{"id": 1}\n'.repeat(5)));
        controller.close();
      },
    });
    const tooLargeForAnyStream = await t.request('/ingest/nowhere', { method: 'POST', body: '{}\n'.repeat(100), headers: { 'content-type': 'application/x-ndjson' } });
    expect(tooLargeForAnyStream.status).toBe(413);
    await t.sql(HTTP_STREAM);
    const streamed = await t.request('/ingest/ticks', { method: 'POST', body: chunks, headers: { 'content-type': 'application/x-ndjson' }, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await t.sql('SHOW STREAMS;')).status).toBe(200);
  });

  it('answers 404 to an unknown route, 405 to another method, 415 to SQL that is not text, 400 to a query string or a bad name', async () => {
    const t = (running = await testServer());
    expect((await t.request('/nope')).status).toBe(404);
    const wrongMethod = await t.request('/jobs', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    const json = await t.request('/sql', { method: 'POST', body: 'SHOW STREAMS;', headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { message: string }).message).toBe("content-type must be text/plain or application/sql, got 'application/json'");
    const curlForm = await t.request('/sql', { method: 'POST', body: 'SHOW STREAMS;', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(curlForm.status).toBe(200);
    await t.sql(HTTP_STREAM);
    const oneDocument = await t.request('/ingest/ticks', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(oneDocument.status).toBe(415);
    expect((await t.request('/jobs?all=1')).status).toBe(400);
    expect((await t.request('/jobs/a%20b')).status).toBe(400);
    expect((await t.request('/jobs/%E0%A4%A')).status).toBe(400);
  });
});
