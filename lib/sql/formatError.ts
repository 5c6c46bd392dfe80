/** Compiler-style rendering of SQL errors, as `ferris check` prints them. */
import type { FerrisError } from '../types/errors.js';

/** How much of the offending line is shown on each side of the column (longer lines are cut, marked `...`). */
const CONTEXT_CHARS = 80;
const CUT_MARK = '...';

/**
 * `APP.sql:LINE:COL: message`, then the offending source line, then a caret under the column.
 * Of a long line (a generated statement on one line) only the text around the column is shown.
 * Without a location only `APP.sql: message` is printed.
 */
export function formatSqlError(error: FerrisError, text: string, file: string): string {
  const location = error.location;
  if (location === undefined) return `${file}: ${error.message}`;
  const { shown, before } = excerptAround(lineOf(text, location.line), location.column - 1);
  // Keep tabs in the padding so the caret lines up however the terminal shows tabs.
  const padding = before.replace(/[^\t]/g, ' ');
  return `${file}:${location.line}:${location.column}: ${error.message}\n${shown}\n${padding}^`;
}

/** Line `line` (1-based) of `text`, without its line break; '' past the end. */
function lineOf(text: string, line: number): string {
  let start = 0;
  for (let current = 1; current < line; current++) {
    const end = text.indexOf('\n', start);
    if (end < 0) return '';
    start = end + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

/** The part of `line` shown around `index`, and the shown text before `index` (to place the caret). */
function excerptAround(line: string, index: number): { shown: string; before: string } {
  const at = Math.max(0, index);
  const from = at > CONTEXT_CHARS ? at - CONTEXT_CHARS : 0;
  const to = Math.min(line.length, at + CONTEXT_CHARS);
  const before = (from > 0 ? CUT_MARK : '') + line.slice(from, at);
  return { shown: before + line.slice(at, to) + (to < line.length ? CUT_MARK : ''), before };
}
