import type { DataType } from '../sql/ast.js';
import { FerrisError } from '../types/errors.js';
import { MAX_DECIMAL_PRECISION, integerType, type SqlType } from '../types/sqlType.js';

/** DECIMAL without parameters: the widest precision and a scale fit for prices. */
const DEFAULT_DECIMAL = { precision: MAX_DECIMAL_PRECISION, scale: 4 };

/** Maps a data type as written in SQL (with its aliases) to the engine's {@link SqlType}. */
export function toSqlType(dataType: DataType): SqlType {
  switch (dataType.name) {
    case 'ARRAY':
      return { kind: 'ARRAY', element: toSqlType(dataType.element) };
    case 'MAP':
      return { kind: 'MAP', key: toSqlType(dataType.key), value: toSqlType(dataType.value) };
    case 'STRUCT':
      return {
        kind: 'STRUCT',
        fields: dataType.fields.map((f) => ({ name: f.name.text, type: toSqlType(f.dataType), nullable: true })),
      };
    case 'BOOLEAN':
    case 'BOOL':
      return { kind: 'BOOLEAN' };
    case 'INT':
    case 'INTEGER':
      return integerType(32);
    case 'BIGINT':
      return integerType(64);
    case 'SMALLINT':
      return integerType(16);
    case 'TINYINT':
      return integerType(8);
    case 'FLOAT':
    case 'DOUBLE':
    case 'REAL':
      return { kind: 'DOUBLE' };
    case 'DECIMAL':
    case 'NUMERIC':
      return decimalOf(dataType.params, dataType);
    case 'VARCHAR':
    case 'STRING':
    case 'TEXT':
    case 'CHAR':
      return { kind: 'STRING' };
    case 'TIMESTAMP':
    case 'DATETIME':
      return { kind: 'TIMESTAMP' };
    case 'DATE':
      return { kind: 'DATE' };
    case 'INTERVAL':
      return { kind: 'INTERVAL' };
  }
}

function decimalOf(params: readonly string[], at: DataType): SqlType {
  const precision = params[0] === undefined ? DEFAULT_DECIMAL.precision : Number(params[0]);
  const scale = params[1] === undefined ? (params[0] === undefined ? DEFAULT_DECIMAL.scale : 0) : Number(params[1]);
  if (!Number.isInteger(precision) || precision < 1 || precision > MAX_DECIMAL_PRECISION) {
    throw new FerrisError('SQL_TYPE', `DECIMAL precision must be between 1 and ${MAX_DECIMAL_PRECISION}, got ${params[0]}`, {
      location: at.loc,
    });
  }
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
    throw new FerrisError('SQL_TYPE', `DECIMAL scale must be between 0 and the precision ${precision}, got ${params[1]}`, {
      location: at.loc,
    });
  }
  return { kind: 'DECIMAL', precision, scale };
}
