/**
 * The keyword table of the SQL lexer. Words are case-insensitive. Reserved words can only be
 * used as names when quoted; non-reserved words are keywords in some places and ordinary
 * names everywhere else (a column may be called `timestamp`, `date`, `key` or `window`).
 * The interval units share one token, `TIME_UNIT`, whose text says which unit it is.
 */
import type { IntervalUnit } from './ast.js';

/** Words that are never names unless quoted. */
export const RESERVED_KEYWORDS: ReadonlySet<string> = new Set([
  'ALL', 'AND', 'ANY', 'AS', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CREATE', 'DEPLOY', 'DESCRIBE',
  'DISTINCT', 'DROP', 'ELSE', 'EMIT', 'END', 'ESCAPE', 'EXISTS', 'EXPLAIN', 'EXTRACT', 'FALSE',
  'FROM', 'GROUP', 'HAVING', 'ILIKE', 'IN', 'INNER', 'INSERT', 'INTERVAL', 'INTO', 'IS', 'JOIN',
  'LIKE', 'LIMIT', 'NOT', 'NULL', 'ON', 'OR', 'ORDER', 'OUTER', 'OVER', 'PRIMARY', 'SELECT',
  'SHOW', 'SOME', 'THEN', 'TRUE', 'UNION', 'WHEN', 'WHERE', 'WITH', 'WITHIN',
]);

/** Words that are keywords only where the grammar expects them. */
export const NONRESERVED_KEYWORDS: ReadonlySet<string> = new Set([
  'AFTER', 'ARRAY', 'ASC', 'BUFFER', 'CHANGES', 'CURRENT', 'DATE', 'DESC', 'EVERY', 'EXPIRE',
  'FINAL', 'FIRST', 'FOLLOWING', 'FULL', 'FUNCTIONS', 'IF', 'INACTIVITY', 'JOB', 'JOBS', 'KEY',
  'LAST', 'LEFT', 'MAP', 'NEVER', 'NULLS', 'PARTITION', 'PAUSE', 'PRECEDING', 'PROPERTIES',
  'QUERIES', 'RANGE', 'RECORD', 'RESUME', 'RIGHT', 'ROW', 'ROWS', 'SCHEMA', 'SESSION', 'SLIDING',
  'START', 'STOP', 'STRATEGY', 'STREAM', 'STREAMS', 'STRUCT', 'TABLE', 'TABLES', 'TIMESTAMP',
  'TOPICS', 'TUMBLING', 'UNBOUNDED', 'VERSION', 'WINDOW',
]);

/** Interval unit words (singular and plural) and the unit each one means. */
export const TIME_UNIT_WORDS: ReadonlyMap<string, IntervalUnit> = new Map<string, IntervalUnit>([
  ['MILLISECOND', 'MILLISECOND'],
  ['MILLISECONDS', 'MILLISECOND'],
  ['SECOND', 'SECOND'],
  ['SECONDS', 'SECOND'],
  ['MINUTE', 'MINUTE'],
  ['MINUTES', 'MINUTE'],
  ['HOUR', 'HOUR'],
  ['HOURS', 'HOUR'],
  ['DAY', 'DAY'],
  ['DAYS', 'DAY'],
  ['MONTH', 'MONTH'],
  ['MONTHS', 'MONTH'],
  ['YEAR', 'YEAR'],
  ['YEARS', 'YEAR'],
]);

/** The lexer token of a time unit word. */
const TIME_UNIT_TOKEN = 'TIME_UNIT';

/** The lexer token of a word that is not a keyword. */
const IDENT_TOKEN = 'IDENT';

/** The token the lexer returns for a word: the keyword itself, `TIME_UNIT`, or `IDENT`. */
export function keywordToken(word: string): string {
  const upper = word.toUpperCase();
  if (RESERVED_KEYWORDS.has(upper) || NONRESERVED_KEYWORDS.has(upper)) return upper;
  if (TIME_UNIT_WORDS.has(upper)) return TIME_UNIT_TOKEN;
  return IDENT_TOKEN;
}
