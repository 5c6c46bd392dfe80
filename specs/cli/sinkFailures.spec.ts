import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Sink and dead-letter write errors, run as a user runs them: the built binary in a child process. */
const ferris = join(import.meta.dirname, '../../bin/ferris.js');

interface Result {
  readonly status: number | null;
  readonly stderr: string;
}

/** 9,999 good rows and one bad one (last), written by `out` to `${out}` with dead letters to `${dlq}`. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-sinks-'));
  const rows = Array.from({ length: 9999 }, (_, i) => `${i + 1},1.50`).join('\n');
  writeFileSync(join(dir, 'in.csv'), `id,amount\n${rows}\nx,bad\n`);
  writeFileSync(
    join(dir, 'app.sql'),
    `CREATE STREAM pay (id INTEGER, amount DECIMAL(10,2)) WITH ('pay.type' = 'file_source', 'pay.path' = 'in.csv', 'pay.format' = 'csv');
CREATE STREAM out AS SELECT id, amount FROM pay
WITH ('out.type' = 'file_sink', 'out.path' = '\${out}', 'out.format' = 'jsonl', 'failure_strategy' = 'dead_letter', 'dlq.path' = '\${dlq}');
`,
  );
  return dir;
}

function runSync(dir: string, out: string, dlq: string): Result {
  const result = spawnSync(process.execPath, [ferris, 'run', 'app.sql', '--set', `out=${out}`, '--set', `dlq=${dlq}`], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' },
  });
  return { status: result.status, stderr: result.stderr };
}

function lineCount(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}

describe('a dead-letter file that cannot be written', () => {
  it('stops the job with a non-zero exit naming the path when dlq.path is a directory', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'dlqdir'));
    const result = runSync(dir, 'out.jsonl', 'dlqdir');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot open the dead-letter file ${join(dir, 'dlqdir')}`);
  });

  it('fails the job naming /dev/full when the dead letter cannot be written; the good rows are all written', () => {
    const dir = workspace();
    const result = runSync(dir, 'out.jsonl', '/dev/full');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot write the dead-letter file /dev/full: ENOSPC');
    expect(result.stderr).toContain('out: 9999 rows in, 9999 rows out, 1 bad record');
    expect(lineCount(join(dir, 'out.jsonl'))).toBe(9999);
  });
});

describe('a file sink', () => {
  it('fails the job naming the path when the disk is full', () => {
    const result = runSync(workspace(), '/dev/full', 'dlq.jsonl');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot write /dev/full: ENOSPC');
  });

  it('writes to /dev/null and exits 0', () => {
    const dir = workspace();
    const result = runSync(dir, '/dev/null', 'dlq.jsonl');
    expect(result.stderr).not.toContain('ERROR');
    expect(result.status).toBe(0);
    expect(lineCount(join(dir, 'dlq.jsonl'))).toBe(1);
  });

  it('writes to a FIFO read by another process and exits 0', async () => {
    const dir = workspace();
    const fifo = join(dir, 'rows.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (text: string) => (received += text));
    const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const job = spawn(process.execPath, [ferris, 'run', 'app.sql', '--set', `out=${fifo}`, '--set', 'dlq=dlq.jsonl'], {
      cwd: dir,
      env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' },
    });
    let stderr = '';
    job.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const status = await new Promise<number | null>((resolve) => job.on('close', (code) => resolve(code)));
    await readerDone;
    expect(stderr).not.toContain('ERROR');
    expect(status).toBe(0);
    expect(received.split('\n').filter(Boolean)).toHaveLength(9999);
  });
});
