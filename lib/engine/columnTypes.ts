import { parseExpression } from '../sql/parser.js';
import { toSqlType } from '../plan/dataTypes.js';
import { FerrisError } from '../types/errors.js';
import { schemaOf, type Schema } from '../types/schema.js';
import type { SqlType } from '../types/sqlType.js';

/** Column name → SQL type, written as in SQL (`'DECIMAL(18,4)'`, `'VARCHAR'`) or as a {@link SqlType}. */
export type ColumnTypes = Readonly<Record<string, string | SqlType>>;

/** Reads a type written as SQL, e.g. `DECIMAL(18,4)` or `ARRAY<VARCHAR>`. */
export function parseTypeName(text: string): SqlType {
  const expr = parseExpression(`CAST(NULL AS ${text})`);
  if (expr.type !== 'cast') throw new FerrisError('CONFIG', `'${text}' is not a SQL type`);
  return toSqlType(expr.dataType);
}

/** The schema of columns given as name → type, in the order given. */
export function schemaFromColumns(columns: ColumnTypes): Schema {
  return schemaOf(
    Object.entries(columns).map(([name, type]) => ({ name, type: typeof type === 'string' ? parseTypeName(type) : type, nullable: true })),
  );
}
