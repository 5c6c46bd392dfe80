import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSettings, resolveServerSettings } from '../../lib/server/config/resolveSettings.js';

function files(contents: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-server-config-'));
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('server configuration: flags, environment, YAML file with extends, defaults', () => {
  it('takes each setting from the flag, else the environment, else the file, else the default, and says where from', () => {
    const dir = files({
      'base.yaml': 'server:\n  port: 9000\n  host: 0.0.0.0\nlimits:\n  max_sql_bytes: 2048\n',
      'server.yaml': 'extends: base.yaml\nserver:\n  port: 9100\n  data_dir: ${DATA_HOME:/var/lib/ferris}/jobs\n',
    });
    const resolved = resolveServerSettings({ flags: { host: '127.0.0.1' }, configFile: join(dir, 'server.yaml'), env: { FERRIS_MAX_INGEST_BYTES: '4096' } });
    expect(resolved.settings).toEqual({ port: 9100, host: '127.0.0.1', token: undefined, tokenFile: undefined, dataDir: '/var/lib/ferris/jobs', maxSqlBytes: 2048, maxIngestBytes: 4096 });
    expect(resolved.origins.port).toEqual({ kind: 'file', file: join(dir, 'server.yaml'), line: 3 });
    expect(resolved.origins.maxSqlBytes).toEqual({ kind: 'file', file: join(dir, 'base.yaml'), line: 5 });
    expect(resolved.origins.host).toEqual({ kind: 'flag', flag: '--host' });
    expect(resolved.origins.maxIngestBytes).toEqual({ kind: 'environment', variable: 'FERRIS_MAX_INGEST_BYTES' });
    expect(resolved.origins.tokenFile).toEqual({ kind: 'default' });
    const printed = formatSettings(resolved);
    expect(printed).toMatch(/server\.port\s+9100\s+.*server\.yaml:3 server\.port/);
    expect(printed).toMatch(/server\.host\s+127\.0\.0\.1\s+--host/);
    expect(printed).toMatch(/limits\.max_ingest_bytes\s+4096\s+environment FERRIS_MAX_INGEST_BYTES/);
    expect(printed).toMatch(/server\.token\s+\(none\)\s+default/);
  });

  it('hides the token when printing', () => {
    const resolved = resolveServerSettings({ flags: { token: 's3cret' }, configFile: undefined, env: {} });
    expect(resolved.settings.token).toBe('s3cret');
    expect(formatSettings(resolved)).not.toContain('s3cret');
  });

  it('reports every problem at once, each with its file, line and path', () => {
    const dir = files({ 'bad.yaml': 'server:\n  prot: 80\n  port: eighty\n  data_dir: ${NOT_SET_ANYWHERE}\nlimits:\n  max_sql_bytes: 0\n' });
    let message = '';
    try {
      resolveServerSettings({ flags: {}, configFile: join(dir, 'bad.yaml'), env: {} });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('4 problems');
    expect(message).toMatch(/bad\.yaml:2 server\.prot: unknown setting; did you mean 'server\.port'\?/);
    expect(message).toMatch(/bad\.yaml:3 server\.port: a whole number from 0 to 65535, got 'eighty'/);
    expect(message).toMatch(/bad\.yaml:4 server\.data_dir: the environment variable 'NOT_SET_ANYWHERE' is not set/);
    expect(message).toMatch(/bad\.yaml:6 limits\.max_sql_bytes: a whole number from 1/);
  });

  it('refuses a token and a token file together, a cycle of extends, a missing file and bad YAML', () => {
    const dir = files({ 'a.yaml': 'extends: b.yaml\n', 'b.yaml': 'extends: a.yaml\n', 'broken.yaml': 'server: [1,\n' });
    expect(() => resolveServerSettings({ flags: { token: 't' }, configFile: undefined, env: { FERRIS_TOKEN_FILE: '/x' } })).toThrow(/--token and environment FERRIS_TOKEN_FILE: give a token or a token file, not both/);
    expect(() => resolveServerSettings({ flags: {}, configFile: join(dir, 'a.yaml'), env: {} })).toThrow(/extend each other in a cycle/);
    expect(() => resolveServerSettings({ flags: {}, configFile: join(dir, 'missing.yaml'), env: {} })).toThrow(/missing\.yaml: cannot read the config file: no such file/);
    expect(() => resolveServerSettings({ flags: {}, configFile: join(dir, 'broken.yaml'), env: {} })).toThrow(/broken\.yaml:\d+: /);
  });
});
