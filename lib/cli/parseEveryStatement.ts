import type { Statement } from '../sql/ast.js';
import { parseSql } from '../sql/parser.js';
import { FerrisError, type SourceLocation } from '../types/errors.js';

/** A file with more syntax errors than this is reported up to here. */
const MAX_SYNTAX_ERRORS = 50;

/**
 * Parses every statement that parses: at a syntax error, the error is reported, the statement
 * holding it is blanked out (its characters become spaces, its line breaks stay, so every
 * position of the text is unchanged) and the text is parsed again. Statements are delimited
 * by `;` outside quotes and comments.
 */
export function parseEveryStatement(sql: string, file: string, report: (error: FerrisError) => void): Statement[] {
  let text = sql;
  for (let errors = 0; errors < MAX_SYNTAX_ERRORS; errors++) {
    try {
      return parseSql(text, { file });
    } catch (error) {
      if (!(error instanceof FerrisError) || error.code !== 'SQL_SYNTAX' || error.location === undefined) throw error;
      report(error);
      const [start, end] = statementAround(text, offsetOf(text, error.location));
      if (text.slice(start, end).trim() === '') return [];
      text = text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
    }
  }
  return [];
}

function offsetOf(text: string, location: SourceLocation): number {
  if (location.offset !== undefined) return location.offset;
  const lines = text.split('\n').slice(0, location.line - 1);
  return lines.reduce((sum, line) => sum + line.length + 1, 0) + location.column - 1;
}

/** The range [start, end) of the statement holding `offset`, its closing `;` included. */
function statementAround(text: string, offset: number): [number, number] {
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '-' && text[i + 1] === '-') {
      const lineEnd = text.indexOf('\n', i);
      i = lineEnd < 0 ? text.length : lineEnd;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === ';') {
      if (i >= offset) return [start, i + 1];
      start = i + 1;
    }
  }
  return [start, text.length];
}
