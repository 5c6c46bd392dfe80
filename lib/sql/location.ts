/** Source locations: converting jison's positions into the project's {@link SourceLocation}. */
import type { SourceLocation } from '../types/errors.js';

/** A position as jison reports it: 1-based lines, 0-based columns, 0-based offset range. */
export interface JisonLocation {
  readonly first_line: number;
  readonly last_line: number;
  readonly first_column: number;
  readonly last_column: number;
  readonly range?: readonly [number, number];
}

/** Converts a jison position to 1-based line/column (end column exclusive) plus offsets. */
export function toSourceLocation(position: JisonLocation): SourceLocation {
  const range = position.range;
  if (range === undefined) {
    return { line: position.first_line, column: position.first_column + 1, endLine: position.last_line, endColumn: position.last_column + 1 };
  }
  return {
    line: position.first_line,
    column: position.first_column + 1,
    endLine: position.last_line,
    endColumn: position.last_column + 1,
    offset: range[0],
    endOffset: range[1],
  };
}
