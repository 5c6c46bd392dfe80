// Writes docs/performance.md and its SVG charts (docs/performance/*.svg) from the results the
// benchmarks appended to a JSON-lines file (bench/results.ts): the machine, the command, the
// targets met or not, the original system's table (throughput and per-record latency), one
// table and one chart per benchmark table, and the cases the engine refused with its error.
// Usage: node bench/report.mjs <results.jsonl> [--command "npm run bench"]
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docs = path.join(root, 'docs');
const chartDir = path.join(docs, 'performance');

/** Rows per second as text: `2.41 M/s`, `412 K/s`. */
function rate(perSecond) {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(0)} K/s`;
}

function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

const PALETTE = ['#d9480f', '#1c7ed6', '#37b24d', '#f59f00', '#7048e8', '#868e96'];

/**
 * A horizontal grouped bar chart: one group per case, one bar per series (ours first), the
 * value written at the end of each bar. `values[c][s]` is case c's value of series s.
 */
function barChart(title, unit, cases, series, values) {
  const barHeight = 14;
  const gap = 10;
  const labelWidth = 330;
  const plotWidth = 440;
  const top = 48;
  const groupHeight = series.length * barHeight + gap;
  const height = top + cases.length * groupHeight + 24;
  const max = Math.max(...values.flat().filter((v) => v !== undefined), 1e-9);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 120}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="18" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  series.forEach((name, s) => {
    parts.push(`<rect x="${8 + s * 170}" y="28" width="10" height="10" fill="${PALETTE[s % PALETTE.length]}"/>`);
    parts.push(`<text x="${22 + s * 170}" y="37">${escapeXml(name)}</text>`);
  });
  cases.forEach((name, c) => {
    const y0 = top + c * groupHeight;
    parts.push(`<text x="${labelWidth - 6}" y="${y0 + (series.length * barHeight) / 2 + 4}" text-anchor="end">${escapeXml(name.length > 52 ? `${name.slice(0, 51)}…` : name)}</text>`);
    series.forEach((_, s) => {
      const value = values[c][s];
      if (value === undefined) return;
      const width = Math.max(1, (value / max) * plotWidth);
      const y = y0 + s * barHeight;
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight - 2}" fill="${PALETTE[s % PALETTE.length]}"/>`);
      parts.push(`<text x="${(labelWidth + width + 4).toFixed(1)}" y="${y + barHeight - 4}">${escapeXml(unit(value))}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function readResults(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(item);
  }
  return groups;
}

/** ours ÷ peer: the median of the per-round ratios when the benchmark paired them, else best ÷ best. */
function ratioOf(r) {
  return r.pairedRatio?.median ?? r.peerSeconds / r.oursSeconds;
}

function targetText(r) {
  const parts = [];
  const ours = r.rows / r.oursSeconds;
  if (r.minRate !== undefined) parts.push(`≥ ${rate(r.minRate)}: ${ours >= r.minRate ? 'met' : '**not met**'}`);
  if (r.minRatio !== undefined) parts.push(`≥ ${r.minRatio}×: ${ratioOf(r) >= r.minRatio ? 'met' : '**not met**'}`);
  return parts.join(', ');
}

function measuredTable(rows) {
  const lines = ['| case | rows | ours | peer | peer rows/s | ours ÷ peer | target | check |', '| --- | ---: | ---: | --- | ---: | ---: | --- | --- |'];
  for (const r of rows) {
    lines.push(
      `| ${r.caseName} | ${r.rows.toLocaleString('en-US')} | ${rate(r.rows / r.oursSeconds)} | ${r.peerName} | ${rate(r.rows / r.peerSeconds)} | ${ratioOf(r).toFixed(2)} | ${targetText(r) || '-'} | ${r.check} |`,
    );
  }
  return lines.join('\n');
}

/** The chart of one table: ours and each peer's rows/s per case. */
function measuredChart(title, rows) {
  const cases = [...new Set(rows.map((r) => r.caseName))];
  const peers = [...new Set(rows.map((r) => r.peerName))];
  const values = cases.map((c) => {
    const ofCase = rows.filter((r) => r.caseName === c);
    return [ofCase[0].rows / ofCase[0].oursSeconds, ...peers.map((p) => {
      const r = ofCase.find((x) => x.peerName === p);
      return r === undefined ? undefined : r.rows / r.peerSeconds;
    })];
  });
  return barChart(title, rate, cases, ['ours', ...peers], values);
}

function latencyChart(title, rows) {
  return barChart(title, (ms) => `${ms.toFixed(3)} ms`, rows.map((r) => r.caseName), ['p50', 'p99'], rows.map((r) => [r.p50, r.p99]));
}

/** The original system's published operations, matched to our benchmark cases by name. */
const ORIGINAL_TABLE = [
  { operation: 'simple SELECT', bench: 'stateless', casePrefix: 'projection + arithmetic: engine core', latency: 'simple SELECT' },
  { operation: 'filtered SELECT', bench: 'stateless', casePrefix: 'filter price > 100: engine core', latency: 'filtered SELECT' },
  { operation: 'multi-condition SELECT', bench: 'stateless', casePrefix: 'filter, 4 conditions: engine core', latency: 'multi-condition SELECT' },
  { operation: 'GROUP BY', bench: 'windows', casePrefix: 'GROUP BY', latency: 'GROUP BY (EMIT CHANGES)' },
  { operation: 'window functions (tumbling window)', bench: 'windows', casePrefix: 'tumbling 1 min per symbol', latency: 'tumbling window (1 minute)' },
  { operation: 'joins (stream-table)', bench: 'joins', casePrefix: 'q3-like', latency: 'join (trades with a table of traders)' },
];

function originalTable(results) {
  const lines = ['| operation | ours rows/s | peer | ours ÷ peer | p50 latency | p99 latency |', '| --- | ---: | --- | ---: | ---: | ---: |'];
  for (const entry of ORIGINAL_TABLE) {
    const measured = results.find((r) => r.kind === 'measured' && r.bench === entry.bench && r.caseName.startsWith(entry.casePrefix));
    const latency = results.find((r) => r.kind === 'latency' && r.caseName === entry.latency);
    const refused = results.find((r) => r.kind === 'refused' && r.caseName === entry.latency);
    const throughput = measured === undefined ? (refused ? 'refused (see below)' : 'not measured') : rate(measured.rows / measured.oursSeconds);
    const peer = measured === undefined ? '-' : measured.peerName;
    const ratio = measured === undefined ? '-' : ratioOf(measured).toFixed(2);
    const p50 = latency === undefined ? '-' : `${latency.p50.toFixed(3)} ms`;
    const p99 = latency === undefined ? '-' : `${latency.p99.toFixed(3)} ms`;
    lines.push(`| ${entry.operation} | ${throughput} | ${peer} | ${ratio} | ${p50} | ${p99} |`);
  }
  return lines.join('\n');
}

function machineText() {
  const cpuList = cpus();
  const models = [...new Set(cpuList.map((c) => c.model.trim()))].join(', ');
  return [
    '| | |',
    '| --- | --- |',
    `| CPU | ${cpuList.length} × ${models} |`,
    `| Memory | ${(totalmem() / 2 ** 30).toFixed(0)} GiB |`,
    `| Runtime | Node ${process.version} (V8 ${process.versions.v8}), ${process.platform} ${process.arch} |`,
    `| Load average when the report was written | ${loadavg().map((x) => x.toFixed(2)).join(', ')} |`,
  ].join('\n');
}

function main() {
  const args = process.argv.slice(2);
  const file = args[0];
  if (file === undefined) {
    console.error('usage: node bench/report.mjs <results.jsonl> [--command "..."]');
    process.exit(1);
  }
  const commandAt = args.indexOf('--command');
  const command = commandAt >= 0 ? args[commandAt + 1] : 'npm run bench';
  const results = readResults(file);
  rmSync(chartDir, { recursive: true, force: true });
  mkdirSync(chartDir, { recursive: true });

  const out = [
    '# Performance',
    '',
    `Generated by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (bench/report.mjs from the`,
    'results every benchmark in `bench/` recorded). Every row compares our engine with a peer doing the same work on the same',
    'data in the same process run, and every result was checked against the peer\'s before it was reported. How the benchmarks',
    'measure, where the time goes and what was tried: [performance-notes.md](performance-notes.md).',
    '',
    '## The machine',
    '',
    machineText(),
    '',
    'The machine is shared with other work; a run whose wall time is well above its CPU time (see the tables the benchmarks',
    'print) waited for a core and is not representative.',
    '',
  ];

  const measured = results.filter((r) => r.kind === 'measured');
  const targets = measured.filter((r) => r.minRate !== undefined || r.minRatio !== undefined);
  out.push('## Targets', '', '| benchmark | case | peer | ours | ours ÷ peer | target |', '| --- | --- | --- | ---: | ---: | --- |');
  for (const r of targets) out.push(`| ${r.bench} | ${r.caseName} | ${r.peerName} | ${rate(r.rows / r.oursSeconds)} | ${ratioOf(r).toFixed(2)} | ${targetText(r)} |`);
  for (const r of results.filter((x) => x.kind === 'latency' && x.maxP99Ms !== undefined)) {
    out.push(`| ${r.bench} | ${r.caseName} | - | p99 ${r.p99.toFixed(2)} ms | - | p99 ≤ ${r.maxP99Ms} ms: ${r.p99 <= r.maxP99Ms ? 'met' : '**not met**'} |`);
  }
  out.push('');

  out.push("## The original system's table", '', 'Throughput from the in-memory benchmarks, per-record latency at a paced load (latency.bench.ts).', '', originalTable(results), '');

  const latency = results.filter((r) => r.kind === 'latency');
  for (const [table, rows] of groupBy(latency, (r) => r.table)) {
    const chart = `${slug(table)}.svg`;
    writeFileSync(path.join(chartDir, chart), latencyChart(table, rows));
    out.push(`### ${table}`, '', `![${table}](performance/${chart})`, '', '| operation | output rows | p50 | p99 | p99.9 |', '| --- | ---: | ---: | ---: | ---: |');
    for (const r of rows) out.push(`| ${r.caseName} | ${r.rows.toLocaleString('en-US')} | ${r.p50.toFixed(3)} ms | ${r.p99.toFixed(3)} ms | ${r.p999.toFixed(3)} ms |`);
    out.push('');
  }

  out.push('## Every benchmark', '');
  for (const [bench, ofBench] of groupBy(measured, (r) => r.bench)) {
    out.push(`### ${bench} (\`bench/${bench}.bench.ts\`)`, '');
    for (const [table, rows] of groupBy(ofBench, (r) => r.table)) {
      const chart = `${slug(`${bench}-${table}`)}.svg`;
      writeFileSync(path.join(chartDir, chart), measuredChart(table, rows));
      out.push(`#### ${table}`, '', `![${table}](performance/${chart})`, '', measuredTable(rows), '');
    }
  }

  for (const r of results.filter((x) => x.kind === 'table')) out.push(`### ${r.bench}: ${r.table}`, '', r.markdown, '');

  const load = path.join(docs, 'load', 'latest.md');
  if (existsSync(load)) {
    out.push('## Load harness (`npm run load`)', '', 'The latest run of the autocannon load harness against `ferris server` (bench/load/; not part of `npm run bench`):', '', readFileSync(load, 'utf8').replace(/^### /, '### ').trim(), '');
  }

  const refused = results.filter((r) => r.kind === 'refused');
  if (refused.length > 0) {
    out.push('## Cases the engine refuses', '', 'Each was run and refused by the engine with this error; it is measured once the engine runs it.', '', '| benchmark | case | error |', '| --- | --- | --- |');
    for (const r of refused) out.push(`| ${r.bench} | ${r.caseName} | ${r.error.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  writeFileSync(path.join(docs, 'performance.md'), `${out.join('\n')}\n`);
  console.log(`wrote docs/performance.md and ${chartDir} from ${results.length} results`);
}

main();
