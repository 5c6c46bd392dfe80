import { castValue } from '../types/cast.js';
import { ANY, DOUBLE, MAX_DECIMAL_PRECISION, TIMESTAMP, type Field, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';

/** The precision an INTEGER needs as a DECIMAL (64-bit range). */
const INTEGER_AS_DECIMAL_PRECISION = 19;

/** DECIMAL(p, s) with p and s capped at 38 and p ≥ s. */
export function cappedDecimal(precision: number, scale: number): SqlType {
  const s = Math.min(scale, MAX_DECIMAL_PRECISION);
  return { kind: 'DECIMAL', precision: Math.max(s, Math.min(precision, MAX_DECIMAL_PRECISION)), scale: s };
}

/** Precision and scale of a numeric exact type: INTEGER counts as DECIMAL(19, 0). */
export function decimalShape(type: SqlType): { precision: number; scale: number } {
  return type.kind === 'DECIMAL'
    ? { precision: type.precision, scale: type.scale }
    : { precision: INTEGER_AS_DECIMAL_PRECISION, scale: 0 };
}

/**
 * The type both `a` and `b` convert to, for CASE, COALESCE, IN, UNION and the like:
 * NULL + T → T; ANY + T → ANY; INTEGER + DECIMAL → DECIMAL (wide enough for both);
 * INTEGER or DECIMAL + DOUBLE → DOUBLE; DATE + TIMESTAMP → TIMESTAMP; arrays, maps and
 * structs (same field names in order) element-wise. Undefined when there is none (e.g.
 * TIMESTAMP and STRING: the planner casts literals first).
 */
export function commonSuperType(a: SqlType, b: SqlType): SqlType | undefined {
  if (a.kind === 'NULL') return b;
  if (b.kind === 'NULL') return a;
  if (a.kind === 'ANY' || b.kind === 'ANY') return ANY;
  if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') return decimalSuperType(a, b);
  if (a.kind !== b.kind) {
    const kinds = new Set([a.kind, b.kind]);
    if (kinds.has('INTEGER') && kinds.has('DOUBLE')) return DOUBLE;
    if (kinds.has('DATE') && kinds.has('TIMESTAMP')) return TIMESTAMP;
    return undefined;
  }
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') {
    const element = commonSuperType(a.element, b.element);
    return element === undefined ? undefined : { kind: 'ARRAY', element };
  }
  if (a.kind === 'MAP' && b.kind === 'MAP') {
    const value = commonSuperType(a.value, b.value);
    return value === undefined ? undefined : { kind: 'MAP', key: a.key, value };
  }
  if (a.kind === 'STRUCT' && b.kind === 'STRUCT') return structSuperType(a.fields, b.fields);
  return a;
}

function decimalSuperType(a: SqlType, b: SqlType): SqlType | undefined {
  const other = a.kind === 'DECIMAL' ? b : a;
  if (other.kind === 'DOUBLE') return DOUBLE;
  if (other.kind !== 'DECIMAL' && other.kind !== 'INTEGER') return undefined;
  const x = decimalShape(a);
  const y = decimalShape(b);
  const scale = Math.max(x.scale, y.scale);
  return cappedDecimal(Math.max(x.precision - x.scale, y.precision - y.scale) + scale, scale);
}

function structSuperType(a: readonly Field[], b: readonly Field[]): SqlType | undefined {
  if (a.length !== b.length) return undefined;
  const fields: Field[] = [];
  for (let i = 0; i < a.length; i++) {
    const fa = a[i]!;
    const fb = b[i]!;
    if (fa.name.toLowerCase() !== fb.name.toLowerCase()) return undefined;
    const type = commonSuperType(fa.type, fb.type);
    if (type === undefined) return undefined;
    fields.push({ name: fa.name, type, nullable: fa.nullable || fb.nullable });
  }
  return { kind: 'STRUCT', fields };
}

/** The common super type of all `types`, or undefined (NULL when the list is empty). */
export function commonSuperTypeOf(types: readonly SqlType[]): SqlType | undefined {
  let result: SqlType = { kind: 'NULL' };
  for (const type of types) {
    const next = commonSuperType(result, type);
    if (next === undefined) return undefined;
    result = next;
  }
  return result;
}

/** Whether two types are the same (parameters included). */
export function sameType(a: SqlType, b: SqlType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The converter of non-null values of `from` to its super type `to`, or undefined when the
 * representation is already right (same type, NULL, or `to` is ANY).
 */
export function coercion(from: SqlType, to: SqlType): ((v: Value) => Value) | undefined {
  if (from.kind === 'NULL' || to.kind === 'ANY' || sameType(from, to)) return undefined;
  if (from.kind === 'DECIMAL' && to.kind === 'DECIMAL' && from.scale === to.scale) return undefined;
  return (v) => castValue(v, from, to);
}
