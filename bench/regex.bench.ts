/**
 * Regular-expression cost: the SQL functions REGEXP, REGEXP_EXTRACT, REGEXP_REPLACE and a LIKE
 * pattern off the fast path, on the linear-time engine (RE2, lib/functions/linearRegex.ts)
 * against JavaScript's backtracking RegExp doing the same work on the same values (what the
 * functions used before). Every value's result must be equal. Then the catastrophic case:
 * `^(a+)+$` on a run of a's followed by a b, whose time doubles with every character for the
 * backtracking engine and stays linear for ours.
 *
 * Run: `npm run build && node dist/bench/regex.bench.js [values]` (default 200,000).
 */
import { compileLike } from '../lib/functions/like.js';
import { lookupFunction } from '../lib/functions/registry.js';
import { INTEGER, STRING, type SqlType } from '../lib/types/sqlType.js';
import type { Value } from '../lib/types/value.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';

const VALUES = rowCountArgument(200_000);
const SYMBOLS = ['AAPL.O', 'MSFT.O', 'IBM.N', 'BRK.B', 'TSLA.O', 'GOOGL.O', 'X.N', 'VOD.L'];

/** Deterministic order texts like `AAPL.O px=150.25 qty=300 side=B`. */
function makeValues(n: number): string[] {
  const values = new Array<string>(n);
  let state = 42;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const symbol = SYMBOLS[state % SYMBOLS.length]!;
    values[i] = `${symbol} px=${(state % 50_000) / 100} qty=${(state >>> 8) % 1000} side=${state & 1 ? 'B' : 'S'}`;
  }
  return values;
}

/** One SQL call per value, its arguments after the value constant (bound as constants, as the planner does). */
function sqlCall(name: string, constants: readonly Value[]): (s: string) => Value {
  const types: SqlType[] = [STRING, ...constants.map((c) => (typeof c === 'number' ? INTEGER : STRING))];
  const fn = lookupFunction(name)!.bind(types, [undefined, ...constants]);
  const args: Value[] = [null, ...constants];
  return (s) => {
    args[0] = s;
    return fn.call(args);
  };
}

interface RegexCase {
  readonly name: string;
  readonly ours: (s: string) => Value;
  readonly backtracking: (s: string) => Value;
}

const CASES: readonly RegexCase[] = (() => {
  const symbolShape = /^[A-Z]{1,5}\.[A-Z] /u;
  const price = /px=(\d+\.\d+)/u;
  const digits = /\d/gu;
  const like = /^[^]*px=1[^]*qty=3[^]*$/u;
  return [
    { name: "REGEXP(s, '^[A-Z]{1,5}\\.[A-Z] ')", ours: sqlCall('REGEXP', ['^[A-Z]{1,5}\\.[A-Z] ']), backtracking: (s) => symbolShape.test(s) },
    {
      name: "REGEXP_EXTRACT(s, 'px=(\\d+\\.\\d+)', 1)",
      ours: sqlCall('REGEXP_EXTRACT', ['px=(\\d+\\.\\d+)', 1]),
      backtracking: (s) => price.exec(s)?.[1] ?? null,
    },
    { name: "REGEXP_REPLACE(s, '\\d', '#')", ours: sqlCall('REGEXP_REPLACE', ['\\d', '#']), backtracking: (s) => s.replace(digits, '#') },
    { name: "s LIKE '%px=1%qty=3%'", ours: compileLike('%px=1%qty=3%', false), backtracking: (s) => like.test(s) },
  ];
})();

function runAll(fn: (s: string) => Value, values: readonly string[]): Value[] {
  const out = new Array<Value>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = fn(values[i]!);
  return out;
}

/** Milliseconds of one call. */
function timeOne(fn: () => unknown): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  console.log(describeRuntime());
  const values = makeValues(VALUES);
  const rows: ComparisonRow[] = [];
  for (const c of CASES) {
    const expected = runAll(c.backtracking, values);
    const got = runAll(c.ours, values);
    for (let i = 0; i < values.length; i++) {
      if (got[i] !== expected[i]) mismatch(`${c.name} on '${values[i]}': ${String(got[i])} vs ${String(expected[i])}`);
    }
    const [ours, peer] = await measureInterleaved([variant(() => runAll(c.ours, values), () => undefined), variant(() => runAll(c.backtracking, values), () => undefined)]);
    rows.push({ caseName: c.name, rows: VALUES, ours: ours!, peerName: 'JavaScript RegExp', peer: peer!, check: `${VALUES.toLocaleString('en-US')} results equal` });
  }
  printTable('regular expressions per value', rows);

  const nested = sqlCall('REGEXP', ['^(a+)+$']);
  const backtracking = /^(a+)+$/u;
  console.log("\n### REGEXP(s, '^(a+)+$') on 'a' × n + 'b' (one call, ms)\n");
  console.log('| n | ours (RE2) | JavaScript RegExp |');
  console.log('| --- | --- | --- |');
  for (const n of [16, 18, 20, 22, 24]) {
    const s = `${'a'.repeat(n)}b`;
    console.log(`| ${n} | ${timeOne(() => nested(s)).toFixed(3)} | ${timeOne(() => backtracking.test(s)).toFixed(1)} |`);
  }
  for (const n of [30, 10_000, 1_000_000]) {
    const s = `${'a'.repeat(n)}b`;
    if (nested(s) !== false) mismatch(`'^(a+)+$' matched ${n} a's and a b`);
    console.log(`| ${n.toLocaleString('en-US')} | ${timeOne(() => nested(s)).toFixed(3)} | (does not finish) |`);
  }
}

await main();
