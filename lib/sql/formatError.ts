/** Compiler-style rendering of SQL errors, as `ferris check` prints them. */
import type { FerrisError } from '../types/errors.js';

/**
 * `APP.sql:LINE:COL: message`, then the offending source line, then a caret under the column.
 * Without a location only `APP.sql: message` is printed.
 */
export function formatSqlError(error: FerrisError, text: string, file: string): string {
  const location = error.location;
  if (location === undefined) return `${file}: ${error.message}`;
  const lines = text.split(/\r?\n/);
  const sourceLine = lines[location.line - 1] ?? '';
  // Keep tabs in the padding so the caret lines up however the terminal shows tabs.
  const padding = sourceLine.slice(0, Math.max(0, location.column - 1)).replace(/[^\t]/g, ' ');
  return `${file}:${location.line}:${location.column}: ${error.message}\n${sourceLine}\n${padding}^`;
}
