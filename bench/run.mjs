// Runs every compiled benchmark (dist/bench/*.bench.js) in turn, one node process each, and
// lets each print its own table. Arguments after `node bench/run.mjs` are passed to every
// benchmark (e.g. a row count); BENCH_ONLY=<substring> runs only the matching files.
// A benchmark that fails (including a result mismatch) makes this script exit non-zero.
// `npm run bench` builds first, then runs this file.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'dist', 'bench');
const only = process.env.BENCH_ONLY;

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
  const result = spawnSync(process.execPath, [path.join(dir, file), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
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
