import { describe, expect, it } from 'vitest';
import { formatSqlError } from '../../../lib/sql/formatError.js';
import { parseSql } from '../../../lib/sql/parser.js';
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

describe('formatSqlError', () => {
  it('prints file:line:col, the source line and a caret under the column', () => {
    const text = 'SELECT symbol,\n       price\n  FROM FROM trades';
    expect(formatSqlError(errorOf(text), text, 'APP.sql')).toBe(
      [
        "APP.sql:3:8: unexpected 'FROM' at 3:8, expected a name, a string or '('",
        '  FROM FROM trades',
        '       ^',
      ].join('\n'),
    );
  });

  it('keeps tabs in the caret padding so it lines up', () => {
    const text = '\tSELECT\t#';
    const lines = formatSqlError(errorOf(text), text, 'a.sql').split('\n');
    expect(lines).toEqual(["a.sql:1:9: unexpected character '#' at 1:9", '\tSELECT\t#', '\t      \t^']);
  });

  it('points at the end of input on the last line', () => {
    const text = 'SELECT a\r\nFROM t\r\nWHERE';
    expect(formatSqlError(errorOf(text), text, 'b.sql').split('\n').slice(1)).toEqual(['WHERE', '     ^']);
  });

  it('prints only file and message when the error has no location', () => {
    expect(formatSqlError(new FerrisError('CONFIG', 'no sink configured'), 'SELECT 1', 'c.sql')).toBe('c.sql: no sink configured');
  });
});
