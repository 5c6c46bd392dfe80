import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSql } from '../../../lib/sql/parser.js';
import { FerrisError } from '../../../lib/types/errors.js';

interface InvalidCase {
  readonly sql: string;
  readonly line: number;
  readonly column: number;
  readonly messageIncludes: string;
}

const cases = JSON.parse(readFileSync(join(import.meta.dirname, 'corpus', 'invalid.json'), 'utf8')) as InvalidCase[];

function parseError(sql: string): FerrisError {
  try {
    parseSql(sql, { file: 'app.sql' });
  } catch (error) {
    if (error instanceof FerrisError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for: ${sql}`);
}

describe('invalid corpus', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  for (const { sql, line, column, messageIncludes } of cases) {
    it(`rejects ${JSON.stringify(sql)} at ${line}:${column}`, () => {
      const error = parseError(sql);
      expect(error.code).toBe('SQL_SYNTAX');
      expect(error.file).toBe('app.sql');
      expect({ line: error.location?.line, column: error.location?.column }).toEqual({ line, column });
      expect(error.message).toContain(messageIncludes);
    });
  }

  it('never lists more than eight alternatives after an unexpected token', () => {
    for (const { sql } of cases) {
      const message = parseError(sql).message;
      if (!message.startsWith('unexpected ')) continue;
      const expected = message.split(', expected ')[1] ?? '';
      expect(expected.split(/, | or /).length, sql).toBeLessThanOrEqual(8);
    }
  });
});
