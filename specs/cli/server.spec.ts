import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ferris, startServerProcess as startServer } from './serverProcess.js';

/* `ferris server` as a real process of the built binary: flags, the URL it logs, SIGTERM. */

const HOURLY =
  "CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.symbols' = 'AAA,BBB', 'trades.rate' = '1000');\n" +
  "CREATE STREAM hourly AS SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' HOUR) WITH ('hourly.type' = 'file_sink', 'hourly.path' = 'hourly.jsonl');";

describe('ferris server', () => {
  it('logs its URL, needs its token to deploy, and on SIGTERM drains every job (open windows emitted) and exits 0', async () => {
    const server = await startServer(['--token', 'T0k']);
    const deploy = (token?: string): Promise<Response> =>
      fetch(`${server.url}/sql`, { method: 'POST', body: HOURLY, headers: { 'content-type': 'text/plain', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    expect((await deploy()).status).toBe(401);
    expect(await (await deploy('T0k')).json()).toEqual({ jobs: ['hourly'] });
    for (let read = 0; read < 200; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      read = ((await (await fetch(`${server.url}/jobs/hourly`)).json()) as { rows_in: number }).rows_in;
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const rows = readFileSync(join(server.dir, 'hourly.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { symbol: string; n: number });
    expect(rows.map((r) => r.symbol).sort()).toEqual(['AAA', 'BBB']);
    expect(rows.every((r) => r.n > 0)).toBe(true);
    expect(server.stderr()).toContain('SIGTERM received: draining every job');
  });

  it('warns when it binds another address than loopback without a token, and reads --token-file', async () => {
    const open = await startServer(['--host', '0.0.0.0']);
    expect(open.stderr()).toContain('listening on 0.0.0.0 without a token');
    open.child.kill('SIGTERM');
    expect(await open.exited).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'ferris-token-'));
    writeFileSync(join(dir, 'token'), 'from-file\n');
    const guarded = await startServer(['--host', '0.0.0.0', '--token-file', join(dir, 'token')]);
    expect(guarded.stderr()).not.toContain('without a token');
    const accepted = await fetch(`${guarded.url.replace('0.0.0.0', '127.0.0.1')}/sql`, { method: 'POST', body: 'SHOW STREAMS;', headers: { 'content-type': 'text/plain', authorization: 'Bearer from-file' } });
    expect(accepted.status).toBe(200);
    guarded.child.kill('SIGTERM');
    expect(await guarded.exited).toBe(0);
  });

  it('refuses --token together with --token-file', async () => {
    const child = spawn(process.execPath, [ferris, 'server', '--port', '0', '--token', 'a', '--token-file', 'b']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe('ferris: the server configuration has 1 problem:\n  --token and --token-file: give a token or a token file, not both\n');
  });
  it('takes its settings from --config YAML (extends, ${ENV:default}), the environment and flags, and --print-config says where each came from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-server-config-'));
    writeFileSync(join(dir, 'base.yaml'), 'server:\n  port: 9000\nlimits:\n  max_sql_bytes: 2048\n');
    writeFileSync(join(dir, 'server.yaml'), 'extends: base.yaml\nserver:\n  data_dir: ${JOBS_HOME:/var/lib/ferris}/jobs\n');
    const printed = spawnSync(process.execPath, [ferris, 'server', '--config', join(dir, 'server.yaml'), '--print-config', '--host', '127.0.0.2'], {
      encoding: 'utf8',
      env: { ...process.env, FERRIS_MAX_INGEST_BYTES: '4096' },
    });
    expect(printed.status).toBe(0);
    expect(printed.stdout).toMatch(/server\.port\s+9000\s+\S*base\.yaml:2 server\.port/);
    expect(printed.stdout).toMatch(/server\.host\s+127\.0\.0\.2\s+--host/);
    expect(printed.stdout).toMatch(/server\.data_dir\s+\/var\/lib\/ferris\/jobs\s+\S*server\.yaml:3 server\.data_dir/);
    expect(printed.stdout).toMatch(/limits\.max_ingest_bytes\s+4096\s+environment FERRIS_MAX_INGEST_BYTES/);
    writeFileSync(join(dir, 'bad.yaml'), 'server:\n  prot: 80\n  port: high\n');
    const refused = spawnSync(process.execPath, [ferris, 'server', '--config', join(dir, 'bad.yaml')], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('2 problems');
    expect(refused.stderr).toMatch(/bad\.yaml:2 server\.prot: unknown setting; did you mean 'server\.port'\?/);
    expect(refused.stderr).toMatch(/bad\.yaml:3 server\.port: a whole number from 0 to 65535, got 'high'/);
  });
});
