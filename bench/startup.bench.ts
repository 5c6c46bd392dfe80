/**
 * Start-up: the wall time of whole `ferris` processes on a trivial application (a 2-row CSV,
 * `SELECT *` into a JSON-lines file, or to stdout), of `ferris check` and `ferris --version`,
 * against bare `node -e ''` (the floor: Node's own start-up) and a hand-written Node program
 * doing the same file copy (read the CSV, write the same JSON lines). Every process is spawned
 * afresh, in interleaved rounds so that a change of machine load hits all variants alike;
 * median and p90 over the measured rounds. The outputs are checked after the timing: the JSON
 * lines of both copies byte-equal to the expected text, stdout the same, `check` reporting OK,
 * `--version` the package's version.
 *
 * Run: `npm run build && node dist/bench/startup.bench.js [rounds]` (default 20 rounds, after
 * 3 warm-up rounds). Target: `ferris run` median ≤ 150 ms.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInterleaved, mismatch, rowCountArgument, variant } from './harness.js';
import { recordResult } from './results.js';

const ROUNDS = rowCountArgument(20);
const WARMUPS = 3;
const TARGET_SECONDS = 0.15;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FERRIS_BIN = path.join(ROOT, 'bin/ferris.js');

const INPUT = 'id,name\n1,a\n2,b\n';
const EXPECTED = '{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n';

function appSql(sink: string): string {
  return (
    "CREATE STREAM src (id INTEGER, name VARCHAR) WITH ('src.type' = 'file_source', 'src.path' = 'in.csv', 'src.format' = 'csv');\n" +
    `CREATE STREAM out AS SELECT * FROM src WITH (${sink});\n`
  );
}

/** The hand-written peer: the same CSV to JSON lines copy, with the `id` column as a number. */
const HAND_COPY = `
import { readFileSync, writeFileSync } from 'node:fs';
const [header, ...lines] = readFileSync('in.csv', 'utf8').split('\\n').filter((line) => line !== '');
const names = header.split(',');
let out = '';
for (const line of lines) {
  const fields = line.split(',');
  out += JSON.stringify({ [names[0]]: Number(fields[0]), [names[1]]: fields[1] }) + '\\n';
}
writeFileSync('hand.jsonl', out);
`;

interface Case {
  readonly name: string;
  readonly args: readonly string[];
}

/** Runs one process to completion in `dir`; its stdout. A failing process fails the benchmark. */
function spawnOnce(dir: string, args: readonly string[]): string {
  try {
    return execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' } });
  } catch (error) {
    return mismatch(`'node ${args.join(' ')}' failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}

/** The value at fraction `q` (0..1) of the sorted samples (nearest rank). */
function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function checkOutputs(dir: string): void {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  for (const file of ['out.jsonl', 'hand.jsonl']) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    if (text !== EXPECTED) mismatch(`${file} is ${JSON.stringify(text)}, expected ${JSON.stringify(EXPECTED)}`);
  }
  const stdout = spawnOnce(dir, [FERRIS_BIN, 'run', '--no-progress', 'stdout.sql']);
  if (stdout !== EXPECTED) mismatch(`ferris run to stdout printed ${JSON.stringify(stdout)}`);
  const checked = spawnOnce(dir, [FERRIS_BIN, 'check', 'file.sql']);
  if (checked !== 'file.sql: OK (1 job)\n') mismatch(`ferris check printed ${JSON.stringify(checked)}`);
  const printed = spawnOnce(dir, [FERRIS_BIN, '--version']);
  if (printed !== `${version}\n`) mismatch(`ferris --version printed ${JSON.stringify(printed)}, expected ${version}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferris-startup-bench-'));
  writeFileSync(path.join(dir, 'in.csv'), INPUT);
  writeFileSync(path.join(dir, 'file.sql'), appSql("'out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'out.format' = 'jsonl'"));
  writeFileSync(path.join(dir, 'stdout.sql'), appSql("'out.type' = 'stdout'"));
  writeFileSync(path.join(dir, 'hand-copy.mjs'), HAND_COPY);
  const cases: readonly Case[] = [
    { name: "bare `node -e ''`", args: ['-e', ''] },
    { name: 'hand-written copy (node hand-copy.mjs)', args: ['hand-copy.mjs'] },
    { name: '`ferris run` CSV → JSONL file', args: [FERRIS_BIN, 'run', '--no-progress', 'file.sql'] },
    { name: '`ferris run` CSV → stdout', args: [FERRIS_BIN, 'run', '--no-progress', 'stdout.sql'] },
    { name: '`ferris check`', args: [FERRIS_BIN, 'check', 'file.sql'] },
    { name: '`ferris --version`', args: [FERRIS_BIN, '--version'] },
  ];
  const timings = await measureInterleaved(
    cases.map((c) => variant(() => spawnOnce(dir, c.args), () => undefined)),
    { warmups: WARMUPS, runs: ROUNDS, cpu: false },
  );
  checkOutputs(dir);
  rmSync(dir, { recursive: true, force: true });

  const floor = quantile(timings[0]!.all, 0.5);
  const title = `Start-up: whole processes (Node ${process.version}, ${WARMUPS} warm-up rounds, ${ROUNDS} measured rounds, load average ${loadAverage()})`;
  const lines = ['| command | median ms | p90 ms | best ms | median − bare node ms | target | check |', '| --- | --- | --- | --- | --- | --- | --- |'];
  cases.forEach((c, i) => {
    const all = timings[i]!.all;
    const median = quantile(all, 0.5);
    const isRun = c.args[1] === 'run';
    const target = isRun ? `≤ ${TARGET_SECONDS * 1000} ms ${median <= TARGET_SECONDS ? 'met' : 'NOT MET'}` : '-';
    const ms = (s: number): string => (s * 1000).toFixed(0);
    lines.push(`| ${c.name} | ${ms(median)} | ${ms(quantile(all, 0.9))} | ${ms(timings[i]!.best)} | ${i === 0 ? '-' : ms(median - floor)} | ${target} | output equal |`);
  });
  console.log(`\n### ${title}\n\n${lines.join('\n')}`);
  recordResult({ kind: 'table', table: title, markdown: lines.join('\n') });
}

/** The 1-minute load average, so a table says how busy the machine was. */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;
  } catch {
    return 'unknown';
  }
}

await main();
