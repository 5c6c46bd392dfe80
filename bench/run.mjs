// Runs every compiled benchmark (dist/bench/*.bench.js) in turn, one node process each, and
// lets each print its own table. Arguments after `node bench/run.mjs` are passed to every
// benchmark (e.g. a row count); BENCH_ONLY=<substring> runs only the matching files.
// A benchmark that fails (including a result mismatch) makes this script exit non-zero.
// `npm run bench` builds first, then runs this file. Every benchmark appends its results to
// bench/results.jsonl (BENCH_RESULTS); when the whole suite ran and passed, bench/report.mjs
// turns them into docs/performance.md and its charts.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'dist', 'bench');
const only = process.env.BENCH_ONLY;
const results = path.join(root, 'bench', 'results.jsonl');
rmSync(results, { force: true });

let files;
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort();
} catch {
  console.error(`no compiled benchmarks in ${dir}: run 'npm run build' first (or 'npm run bench')`);
  process.exit(1);
}
if (only) files = files.filter((f) => f.includes(only));
if (files.length === 0) {
  console.error(`no benchmark in ${dir} matches${only ? ` BENCH_ONLY='${only}'` : ''}`);
  process.exit(1);
}

const failed = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(dir, file), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root, env: { ...process.env, BENCH_RESULTS: results } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    failed.push(file);
    console.log(`=== ${file} FAILED (exit ${result.status ?? result.signal}) after ${seconds} s ===`);
  } else {
    console.log(`=== ${file} done in ${seconds} s ===`);
  }
}
if (failed.length > 0) {
  console.error(`\n${failed.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
if (only || process.argv.length > 2) {
  console.log(`\nresults in ${results}; docs/performance.md is written only by a full run with default sizes (node bench/report.mjs ${path.relative(root, results)} to write it anyway)`);
} else {
  const report = spawnSync(process.execPath, [path.join(root, 'bench', 'report.mjs'), results, '--command', 'npm run bench'], { stdio: 'inherit', cwd: root });
  if (report.status !== 0) process.exit(report.status ?? 1);
}
