/**
 * Parser cost by input shape: a typical application file, and the shapes that used to cost
 * stack or quadratic time (comment lines, a huge name or string, deep parentheses, nested
 * CASE up to the nesting limit). Each case is parsed a few times and the best time printed;
 * the parentheses at 10,000 and 100,000 show the parse is linear in its nesting (about ten
 * times the time for ten times the depth). There is no peer: jison's own driver is quadratic.
 *
 * Run: `npm run build && node dist/bench/parser.bench.js`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSql } from '../lib/sql/parser.js';

const ROUNDS = 5;
const appSql = readFileSync(join(import.meta.dirname, '../../examples/trading/app.sql'), 'utf8');

const cases: readonly (readonly [string, string])[] = [
  ['examples/trading/app.sql', appSql],
  ['3,000 comment lines', `SELECT a\n${'-- a comment\n'.repeat(3000)}FROM t`],
  ['name of 3 M characters', `SELECT ${'a'.repeat(3_000_000)} FROM t`],
  ['string of 5 M characters', `SELECT '${'x'.repeat(5_000_000)}' FROM t`],
  ['10,000 parentheses', `SELECT ${'('.repeat(10_000)}1${')'.repeat(10_000)} FROM t`],
  ['100,000 parentheses', `SELECT ${'('.repeat(100_000)}1${')'.repeat(100_000)} FROM t`],
  ['490 nested CASE (under the limit)', `SELECT ${'CASE WHEN a THEN '.repeat(490)}1${' END'.repeat(490)} FROM t`],
  ['5,000 nested CASE (refused)', `SELECT ${'CASE WHEN a THEN '.repeat(5000)}1${' END'.repeat(5000)} FROM t`],
];

function bestMs(text: string): { ms: number; outcome: string } {
  let best = Infinity;
  let outcome = '';
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    try {
      outcome = `${parseSql(text).length} statement(s)`;
    } catch (error) {
      outcome = error instanceof Error ? error.message.slice(0, 60) : String(error);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ms: best, outcome };
}

console.log(`${'case'.padEnd(36)} ${'best ms'.padStart(9)}  outcome`);
for (const [name, text] of cases) {
  const { ms, outcome } = bestMs(text);
  console.log(`${name.padEnd(36)} ${ms.toFixed(2).padStart(9)}  ${outcome}`);
}
