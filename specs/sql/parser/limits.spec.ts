import { describe, expect, it } from 'vitest';
import { formatSqlError } from '../../../lib/sql/formatError.js';
import { MAX_NESTING_DEPTH } from '../../../lib/sql/lrDriver.js';
import { parseExpression, parseSql } from '../../../lib/sql/parser.js';
import { FerrisError } from '../../../lib/types/errors.js';

function errorOf(text: string): FerrisError {
  try {
    parseSql(text, { file: 'APP.sql' });
  } catch (error) {
    if (error instanceof FerrisError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

function nestedCase(levels: number): string {
  return 'CASE WHEN a THEN '.repeat(levels) + '1' + ' END'.repeat(levels);
}

function orChain(names: number): string {
  return Array<string>(names).fill('a').join(' OR ');
}

describe('parser input sizes', () => {
  it('skips 3,000 consecutive comment lines', () => {
    const text = 'SELECT a\n' + '-- a comment\n'.repeat(3000) + '/* block */\n'.repeat(3000) + 'FROM t';
    expect(parseSql(text)).toHaveLength(1);
  });

  it('reads a name of 3 million characters', () => {
    const name = 'a'.repeat(3_000_000);
    expect(parseExpression(name)).toMatchObject({ type: 'column', name: { text: name } });
    expect(parseExpression(`"${name}"`)).toMatchObject({ type: 'column', name: { text: name } });
  });

  it('reads a string of 5 million characters, also one made of doubled quotes', () => {
    expect(parseExpression(`'${'x'.repeat(5_000_000)}'`)).toMatchObject({ type: 'string', value: 'x'.repeat(5_000_000) });
    expect(parseExpression(`'${"''".repeat(2_500_000)}'`)).toMatchObject({ type: 'string', value: "'".repeat(2_500_000) });
  });

  it('names a bad number of millions of characters by its start only', () => {
    const error = errorOf(`SELECT ${'1'.repeat(5_000_000)}x FROM t`);
    expect(error.message).toBe(`invalid number or duration '${'1'.repeat(37)}...' (durations: 500ms, 30s, 5m, 1h, 1d) at 1:8`);
  });

  it('parses 10,000 nested parentheses (a parse is linear in its nesting)', () => {
    const text = `SELECT ${'('.repeat(10_000)}price${')'.repeat(10_000)} FROM t`;
    expect(parseSql(text)[0]).toMatchObject({ query: { items: [{ expr: { type: 'column' } }] } });
  });
});

describe('nesting limit', () => {
  it(`accepts a tree ${MAX_NESTING_DEPTH} levels deep`, () => {
    // 998 ORs over 999 names: 998 levels of OR, a column reference and its name.
    expect(parseExpression(orChain(MAX_NESTING_DEPTH - 1))).toMatchObject({ type: 'binary', op: 'OR' });
    // A CASE adds two levels (CASE and WHEN): 2 × 499 + the number literal.
    expect(parseExpression(nestedCase(499))).toMatchObject({ type: 'case' });
  });

  it('rejects 5,000 nested CASE with a SQL_SYNTAX error naming the limit and where it was passed', () => {
    const error = errorOf(`SELECT\n  ${nestedCase(5000)} FROM t`);
    expect(error.code).toBe('SQL_SYNTAX');
    expect(error.message).toMatch(/^statement nested too deeply at 2:\d+: more than 1000 levels of expressions and subqueries$/);
    expect(error.location?.line).toBe(2);
    expect(error.file).toBe('APP.sql');
  });

  it('rejects a chain of operators one level deeper than the limit', () => {
    expect(() => parseExpression(orChain(MAX_NESTING_DEPTH))).toThrow(/nested too deeply at 1:1:/);
  });

  it('shows only the text around the column of a long line', () => {
    const text = `SELECT ${nestedCase(5000)} FROM t`;
    const [, shown, caret] = formatSqlError(errorOf(text), text, 'APP.sql').split('\n');
    expect(shown?.length).toBeLessThanOrEqual(166);
    expect(shown).toMatch(/^\.\.\..*\.\.\.$/);
    expect(caret).toBe(' '.repeat(83) + '^');
  });
});
