import type { Expr } from '../sql/ast.js';

/**
 * The output name of a select item without an alias, as PostgreSQL names it: a column keeps
 * its name, a field access its field, a call or CAST the function's name in lower case;
 * anything else `col_<position>`.
 */
export function defaultOutputName(expr: Expr, position: number): string {
  switch (expr.type) {
    case 'column':
      return expr.name.quoted ? expr.name.text : expr.name.text.toLowerCase();
    case 'field_access':
      return expr.field.quoted ? expr.field.text : expr.field.text.toLowerCase();
    case 'call':
      return expr.name.text.toLowerCase();
    case 'cast':
      return defaultOutputName(expr.expr, position);
    case 'extract':
      return expr.part.toLowerCase();
    default:
      return `col_${position}`;
  }
}
