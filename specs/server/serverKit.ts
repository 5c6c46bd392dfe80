import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../lib/runtime/logger.js';
import { DEFAULT_LIMITS, startJobServer, type JobServer, type ServerOptions } from '../../lib/server/server.js';

/** A job server on a free port of 127.0.0.1, its connectors' paths relative to a fresh directory. */
export interface TestServer {
  readonly server: JobServer;
  readonly dir: string;
  /** `fetch` of a path of the server, with the token when the server has one (unless `token: null`). */
  request(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  /** POSTs SQL text to /sql. */
  sql(text: string): Promise<Response>;
}

/** Starts a server in-process; close it with `server.close()`. */
export async function testServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = options.baseDir ?? mkdtempSync(join(tmpdir(), 'ferris-server-'));
  const server = await startJobServer({
    host: '127.0.0.1',
    port: 0,
    token: undefined,
    dataDir: undefined,
    baseDir: dir,
    limits: DEFAULT_LIMITS,
    log: silentLogger,
    variables: () => undefined,
    version: '0.0.0-test',
    ...options,
  });
  await server.restored;
  const request = (path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> => {
    const { token = options.token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token !== undefined && token !== null) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${server.url}${path}`, { ...rest, headers });
  };
  return {
    server,
    dir,
    request,
    sql: (text) => request('/sql', { method: 'POST', body: text, headers: { 'content-type': 'text/plain' } }),
  };
}

/** Waits until `check` holds (polling every 20 ms), failing after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The JSON of a job from GET /jobs/:name. */
export async function jobOf(t: TestServer, name: string): Promise<{ status: string; rows_in: number; rows_out: number; [key: string]: unknown }> {
  return (await (await t.request(`/jobs/${name}`)).json()) as { status: string; rows_in: number; rows_out: number };
}
