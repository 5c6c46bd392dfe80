import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../../lib/sql/ast.js';
import { parseSql } from '../../../lib/sql/parser.js';
import { stripLocations } from '../../../lib/sql/stripLocations.js';
import { statementsToSql, toSql } from '../../../lib/sql/toSql.js';

const validDir = join(import.meta.dirname, 'corpus', 'valid');
const corpusFiles = readdirSync(validDir).filter((name) => name.endsWith('.sql')).sort();

function parseCorpusFile(name: string): Statement[] {
  return parseSql(readFileSync(join(validDir, name), 'utf8'), { file: name });
}

describe('valid corpus', () => {
  it('has files', () => {
    expect(corpusFiles.length).toBeGreaterThanOrEqual(7);
  });

  for (const name of corpusFiles) {
    describe(name, () => {
      const statements = parseCorpusFile(name);
      const expectedCount = countStatements(readFileSync(join(validDir, name), 'utf8'));

      it('parses every statement', () => {
        expect(statements.length).toBe(expectedCount);
      });

      statements.forEach((statement, index) => {
        it(`round-trips statement ${index + 1} (line ${statement.loc.line})`, () => {
          const printed = toSql(statement);
          const reparsed = parseSql(printed);
          expect(reparsed).toHaveLength(1);
          expect(stripLocations(reparsed[0])).toEqual(stripLocations(statement));
          expect(toSql(reparsed[0] as Statement)).toBe(printed);
        });
      });

      it('round-trips the whole file', () => {
        const reparsed = parseSql(statementsToSql(statements));
        expect(stripLocations(reparsed)).toEqual(stripLocations(statements));
      });

      it('survives JSON serialisation', () => {
        expect(JSON.parse(JSON.stringify(statements))).toEqual(statements);
      });
    });
  }
});

/** Counts statements by their `;` outside strings, quoted names and comments (an independent scan). */
function countStatements(text: string): number {
  let count = 0;
  let pendingText = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    const next = text[index + 1] ?? '';
    if (char === '-' && next === '-') {
      index = text.indexOf('\n', index) < 0 ? text.length : text.indexOf('\n', index);
    } else if (char === '/' && next === '*') {
      index = text.indexOf('*/', index + 2) + 1;
    } else if (char === "'" || char === '"' || char === '`') {
      index = closingQuote(text, index, char);
      pendingText = true;
    } else if (char === ';') {
      if (pendingText) count++;
      pendingText = false;
    } else if (char.trim() !== '') {
      pendingText = true;
    }
  }
  return pendingText ? count + 1 : count;
}

function closingQuote(text: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < text.length) {
    if (text[index] === quote && text[index + 1] === quote) index += 2;
    else if (text[index] === quote) return index;
    else index++;
  }
  return index;
}
