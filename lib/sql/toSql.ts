/**
 * Canonical SQL from the AST: `parseSql(toSql(statement))` gives back the same tree apart from
 * source locations. Keywords are upper-case, parentheses appear only where precedence needs
 * them, durations print as `INTERVAL '5' SECOND` and aliases always use AS.
 */
import { isQuery, isStatement, type SqlNode, type Statement } from './ast.js';
import { printExpr } from './print/expressions.js';
import { printQuery } from './print/queries.js';
import { printStatement } from './print/statements.js';

/** Prints a statement, a query or an expression as SQL. */
export function toSql(node: SqlNode): string {
  if (isStatement(node)) return printStatement(node);
  if (isQuery(node)) return printQuery(node);
  return printExpr(node);
}

/** Prints statements as one SQL text, each ended by `;` and a blank line between them. */
export function statementsToSql(statements: readonly Statement[]): string {
  return statements.map((statement) => `${printStatement(statement)};\n`).join('\n');
}
