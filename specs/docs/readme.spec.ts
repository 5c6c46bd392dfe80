import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/** Every snippet of README.md runs as shown: the SQL through `ferris run`, the library example in-process. */
const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const ferris = join(root, 'bin/ferris.js');

function fenced(language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm');
  for (const match of readme.matchAll(fence)) blocks.push(match[1]!);
  return blocks;
}

/** Output paths a snippet's sinks write, from their `'<name>.path' = '...'` keys. */
function sinkPaths(sql: string): string[] {
  return [...sql.matchAll(/'(\w+)\.path'\s*=\s*'(output\/[^']+)'/g)].map((match) => match[2]!);
}

const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** A directory laid out as the README assumes: the bundled trades at data/trades.csv. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-readme-'));
  workspaces.push(dir);
  mkdirSync(join(dir, 'data'));
  cpSync(join(root, 'examples/trading/data/trades.csv'), join(dir, 'data/trades.csv'));
  return dir;
}

describe('README.md', () => {
  const sql = fenced('sql');

  it('has the SQL snippets this spec runs', () => {
    expect(sql.length).toBeGreaterThanOrEqual(2);
  });

  it('runs its SQL snippets in order as one app with ferris run, each sink writing rows', () => {
    const dir = workspace();
    const app = sql.join('\n');
    writeFileSync(join(dir, 'app.sql'), app);
    const result = spawnSync(process.execPath, [ferris, 'run', 'app.sql'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' } });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    const outputs = sinkPaths(app).filter((path) => !path.includes('late'));
    expect(outputs.length).toBeGreaterThanOrEqual(2);
    for (const path of outputs) expect(readFileSync(join(dir, path), 'utf8').trim().split('\n').length, path).toBeGreaterThan(0);
  });

  it('runs its first SQL snippet alone, as a complete app', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'app.sql'), sql[0]!);
    const result = spawnSync(process.execPath, [ferris, 'check', 'app.sql'], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs its library example and prints what its comment says', async () => {
    const [example] = fenced('ts');
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'ferris-readme-ts-'));
    workspaces.push(dir);
    const file = join(dir, 'example.ts');
    writeFileSync(file, example!.replace("from 'ferris-streams'", `from ${JSON.stringify(join(root, 'lib/index.ts'))}`));
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    try {
      await import(file);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      log.mockRestore();
    }
    const expected = [...example!.matchAll(/\/\/ (.+)$/gm)].map((match) => match[1]!.trim());
    expect(expected.length).toBeGreaterThan(0);
    expect(printed).toEqual(expected);
  });
});
