/*
 * The relations the join and subquery planning specs plan against: two streams with event
 * times (trades, quotes) and two keyed tables (instruments, sectors), declared as file sources
 * whose schemas are given, so nothing is opened.
 */
import { analyzeApp } from '../../lib/plan/app/analyzeApp.js';
import { planJob } from '../../lib/plan/planJob.js';
import { parseSql } from '../../lib/sql/parser.js';
import { FerrisError } from '../../lib/types/errors.js';
import { schemaOf, type Schema } from '../../lib/types/schema.js';
import { decimalType, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';

/** The column lists of the relations, as the opened sources would give them. */
export const schemas = new Map<string, Schema>([
  ['trades', schemaOf([
    { name: 'symbol', type: STRING, nullable: true },
    { name: 'price', type: decimalType(18, 4), nullable: true },
    { name: 'ts', type: TIMESTAMP, nullable: true },
  ])],
  ['quotes', schemaOf([
    { name: 'symbol', type: STRING, nullable: true },
    { name: 'bid', type: decimalType(18, 4), nullable: true },
    { name: 'ts', type: TIMESTAMP, nullable: true },
  ])],
  ['instruments', schemaOf([
    { name: 'symbol', type: STRING, nullable: false },
    { name: 'name', type: STRING, nullable: true },
  ])],
  ['sectors', schemaOf([
    { name: 'name', type: STRING, nullable: false },
    { name: 'sector', type: STRING, nullable: true },
  ])],
]);

/** The declarations of the relations. */
export const declare = [
  "CREATE STREAM trades (symbol VARCHAR) WITH ('trades.type' = 'file_source', 'trades.path' = 't.csv', 'trades.event.time.field' = 'ts');",
  "CREATE STREAM quotes (symbol VARCHAR) WITH ('quotes.type' = 'file_source', 'quotes.path' = 'q.csv', 'quotes.event.time.field' = 'ts');",
  "CREATE TABLE instruments (symbol VARCHAR PRIMARY KEY, name VARCHAR) WITH ('instruments.type' = 'file_source', 'instruments.path' = 'i.csv');",
  "CREATE TABLE sectors (name VARCHAR PRIMARY KEY, sector VARCHAR) WITH ('sectors.type' = 'file_source', 'sectors.path' = 's.csv');",
  '',
].join('\n');

/** Plans the first job of `sql` (after the declarations) with the given unbounded sources. */
export function plan(sql: string, unbounded: ReadonlySet<string> = new Set()) {
  const app = analyzeApp(parseSql(declare + sql));
  return planJob(app.jobs[0]!, schemas, new Map(), unbounded);
}

/** The planning error of `sql`; fails when it plans. */
export function planError(sql: string, unbounded: ReadonlySet<string> = new Set()): FerrisError {
  try {
    plan(sql, unbounded);
  } catch (error) {
    if (error instanceof FerrisError) return error;
    throw error;
  }
  throw new Error('expected a planning error');
}

