/** A field of a STRUCT type or a column of a schema. */
export interface Field {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

/**
 * The SQL types of DESIGN.md §4, as plain tagged data.
 * Runtime representation of each (see `value.ts`):
 * BOOLEAN → boolean; INTEGER/BIGINT → number while |x| ≤ 2^53, bigint beyond; DOUBLE → number;
 * DECIMAL → Decimal; STRING → string; TIMESTAMP → epoch milliseconds (UTC) as number;
 * DATE → days since 1970-01-01 as number; INTERVAL → milliseconds as number;
 * ARRAY → Value[]; MAP → Map<string, Value>; STRUCT → { [field]: Value }; NULL → null.
 */
export type SqlType =
  | { readonly kind: 'BOOLEAN' }
  /**
   * `bits` is the declared width (TINYINT 8, SMALLINT 16, INT/INTEGER 32, BIGINT 64) that reading
   * and CAST check; without it (results of expressions and aggregates) the range is 64-bit.
   */
  | { readonly kind: 'INTEGER'; readonly bits?: IntegerBits }
  | { readonly kind: 'DOUBLE' }
  | { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'STRING' }
  | { readonly kind: 'TIMESTAMP' }
  | { readonly kind: 'DATE' }
  | { readonly kind: 'INTERVAL' }
  | { readonly kind: 'ARRAY'; readonly element: SqlType }
  | { readonly kind: 'MAP'; readonly key: SqlType; readonly value: SqlType }
  | { readonly kind: 'STRUCT'; readonly fields: readonly Field[] }
  | { readonly kind: 'NULL' }
  /** Unknown until run time (e.g. a JSON field extracted without a cast). */
  | { readonly kind: 'ANY' };

export type SqlTypeKind = SqlType['kind'];

/** The widths of the declared integer types. */
export type IntegerBits = 8 | 16 | 32 | 64;

/** The SQL name of each declared integer width. */
const INTEGER_NAMES: Readonly<Record<IntegerBits, string>> = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' };

export const BOOLEAN: SqlType = { kind: 'BOOLEAN' };
export const INTEGER: SqlType = { kind: 'INTEGER' };
export const DOUBLE: SqlType = { kind: 'DOUBLE' };
export const STRING: SqlType = { kind: 'STRING' };
export const TIMESTAMP: SqlType = { kind: 'TIMESTAMP' };
export const DATE: SqlType = { kind: 'DATE' };
export const INTERVAL: SqlType = { kind: 'INTERVAL' };
export const NULL_TYPE: SqlType = { kind: 'NULL' };
export const ANY: SqlType = { kind: 'ANY' };

/** The largest precision a DECIMAL may have. */
export const MAX_DECIMAL_PRECISION = 38;

/** Builds DECIMAL(precision, scale). */
export function decimalType(precision: number, scale: number): SqlType {
  return { kind: 'DECIMAL', precision, scale };
}

/** Builds a declared integer type of this width (TINYINT 8 ... BIGINT 64). */
export function integerType(bits: IntegerBits): SqlType {
  return { kind: 'INTEGER', bits };
}

/** Builds ARRAY<element>. */
export function arrayType(element: SqlType): SqlType {
  return { kind: 'ARRAY', element };
}

/** Prints a type as SQL, e.g. `DECIMAL(18,4)`, `ARRAY<STRING>`. */
export function formatType(type: SqlType): string {
  switch (type.kind) {
    case 'DECIMAL':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'ARRAY':
      return `ARRAY<${formatType(type.element)}>`;
    case 'MAP':
      return `MAP<${formatType(type.key)},${formatType(type.value)}>`;
    case 'STRUCT':
      return `STRUCT<${type.fields.map((f) => `${f.name} ${formatType(f.type)}`).join(', ')}>`;
    case 'INTEGER':
      return type.bits === undefined ? 'INTEGER' : INTEGER_NAMES[type.bits];
    default:
      return type.kind;
  }
}

/** Whether a value of this type is numeric (INTEGER, DOUBLE or DECIMAL). */
export function isNumeric(type: SqlType): boolean {
  return type.kind === 'INTEGER' || type.kind === 'DOUBLE' || type.kind === 'DECIMAL';
}
