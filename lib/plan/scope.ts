import type { SqlType } from '../types/sqlType.js';
import type { BoundExpr } from './boundExpr.js';

/** A column visible to expressions: its name, type and index in the input row. */
export interface ScopeColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly index: number;
  /** System columns (`_timestamp`, ...) are not part of `*`. */
  readonly system: boolean;
}

/** A relation in FROM: its name (the alias when one is given) and its columns. */
export interface ScopeRelation {
  readonly name: string;
  readonly columns: readonly ScopeColumn[];
}

/** The names an expression can use: relations of the FROM clause, in order. */
export interface Scope {
  readonly relations: readonly ScopeRelation[];
  /** What `_event_time` reads (the configured event-time column, converted to epoch ms), when the input has one. */
  readonly eventTime: BoundExpr | undefined;
}

/** Folds an identifier as SQL does: unquoted names are case-insensitive. */
export function foldName(text: string, quoted: boolean): string {
  return quoted ? text : text.toLowerCase();
}

/** Whether a column's name matches an identifier (exactly when quoted, ignoring case otherwise). */
export function nameMatches(columnName: string, text: string, quoted: boolean): boolean {
  return quoted ? columnName === text : columnName.toLowerCase() === text.toLowerCase();
}
