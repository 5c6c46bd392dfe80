import { FerrisError, notSupported } from '../../../types/errors.js';
import { Decimal } from '../../../types/decimal.js';
import { schemaOf, type Schema } from '../../../types/schema.js';
import { BOOLEAN, DATE, DOUBLE, STRING, TIMESTAMP, decimalType, integerType, formatType, type Field, type SqlType } from '../../../types/sqlType.js';
import type { Row, Value } from '../../../types/value.js';
import { avroType, avroTypes, type AvroType } from './avroTypes.js';
import { decodedValueReader } from './decodedValue.js';
import type { SchemaFormat } from './schemaCodec.js';

/*
 * Avro record values (raw datums, as the schema registry frames them) to rows and back.
 * A record's fields are matched to columns by name: a column the record lacks reads NULL, so a
 * reader keeps working when the writer's schema gains or loses optional fields.
 */

/** The field type without its null branch, and whether it had one. */
function withoutNull(type: AvroType): { readonly type: AvroType; readonly nullable: boolean } {
  if (!(type instanceof avroTypes.UnwrappedUnionType || type instanceof avroTypes.WrappedUnionType)) return { type, nullable: false };
  const branches = type.types.filter((t) => t.typeName !== 'null');
  if (branches.length !== 1) throw notSupported(`Avro unions of several non-null types (${type.types.map((t) => t.typeName).join(', ')})`);
  return { type: branches[0]!, nullable: branches.length < type.types.length };
}

/** The SQL type an Avro type reads as. */
function sqlTypeOf(avro: AvroType, path: string): SqlType {
  const { type } = withoutNull(avro);
  switch (type.typeName) {
    case 'boolean':
      return BOOLEAN;
    case 'int':
      return integerType(32);
    case 'long':
    case 'abstract:long':
      return integerType(64);
    case 'float':
    case 'double':
      return DOUBLE;
    case 'string':
    case 'enum':
    case 'bytes':
    case 'fixed':
      return STRING;
    case 'logical:decimal': {
      const decimal = type as AvroType & { precision: number; scale: number };
      return decimalType(decimal.precision, decimal.scale);
    }
    case 'logical:date':
      return DATE;
    case 'logical:timestamp-millis':
    case 'logical:timestamp-micros':
    case 'logical:local-timestamp-millis':
    case 'logical:local-timestamp-micros':
      return TIMESTAMP;
    case 'array':
      return { kind: 'ARRAY', element: sqlTypeOf((type as InstanceType<typeof avroTypes.ArrayType>).itemsType, `${path}[]`) };
    case 'map':
      return { kind: 'MAP', key: STRING, value: sqlTypeOf((type as InstanceType<typeof avroTypes.MapType>).valuesType as AvroType, `${path}{}`) };
    case 'record':
    case 'error':
      return { kind: 'STRUCT', fields: fieldsOf(type, path) };
    default:
      if (type instanceof avroTypes.LogicalType) return sqlTypeOf(type.underlyingType, path);
      throw notSupported(`the Avro type ${type.typeName} (field ${path})`);
  }
}

function fieldsOf(record: AvroType, path: string): Field[] {
  return (record as InstanceType<typeof avroTypes.RecordType>).fields.map((f) => ({
    name: f.name,
    type: sqlTypeOf(f.type, path === '' ? f.name : `${path}.${f.name}`),
    nullable: withoutNull(f.type).nullable,
  }));
}

function recordOf(type: AvroType, what: string): InstanceType<typeof avroTypes.RecordType> {
  if (!(type instanceof avroTypes.RecordType)) throw new FerrisError('CONFIG', `${what} must be an Avro record, not ${type.typeName}`);
  return type;
}

/** The columns of an Avro record schema: one per field, of the SQL type it reads as. */
export function avroColumns(type: AvroType, what: string): Schema {
  return schemaOf(fieldsOf(recordOf(type, what), ''));
}

/** Reads Avro datums of `writer` (a record type) into the values of `columns`. */
export function avroReader(writer: AvroType, columns: Schema, what: string): (body: Buffer) => Value[] {
  const record = recordOf(writer, what);
  const names = columns.fields.map((f) => f.name);
  const readers = columns.fields.map((f) => decodedValueReader(f.type));
  const present = names.map((name) => record.fields.some((f) => f.name === name));
  return (body) => {
    let decoded: Record<string, unknown>;
    try {
      decoded = record.fromBuffer(body) as Record<string, unknown>;
    } catch (error) {
      throw new FerrisError('BAD_RECORD', `not an Avro record of ${what}: ${(error as Error).message}`, { cause: error });
    }
    const values = new Array<Value>(names.length);
    for (let i = 0; i < names.length; i++) {
      const value = present[i] ? decoded[names[i]!] : undefined;
      values[i] = value === undefined || value === null ? null : readers[i]!(value);
    }
    return values;
  };
}

/** The converter of a column's values into what an Avro type writes. */
function writerValue(avro: AvroType, path: string): (value: Value) => unknown {
  const { type } = withoutNull(avro);
  const name = type.typeName;
  switch (name) {
    case 'int':
    case 'long':
    case 'abstract:long':
      return (v) => (typeof v === 'bigint' || typeof v === 'number' ? (name === 'int' ? Number(v) : v) : v instanceof Decimal ? v.toBigInt() : v);
    case 'float':
    case 'double':
      return (v) => (v instanceof Decimal ? v.toNumber() : typeof v === 'bigint' ? Number(v) : v);
    case 'string':
      return (v) => (typeof v === 'string' ? v : v instanceof Decimal || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : v);
    case 'logical:decimal':
      return (v) => (typeof v === 'number' ? Decimal.fromNumber(v) : typeof v === 'bigint' ? Decimal.fromInteger(v) : typeof v === 'string' ? Decimal.parse(v) : v);
    case 'bytes':
    case 'fixed':
      return (v) => (typeof v === 'string' ? Buffer.from(v, 'base64') : v);
    case 'array': {
      const item = writerValue((type as InstanceType<typeof avroTypes.ArrayType>).itemsType, `${path}[]`);
      return (v) => (Array.isArray(v) ? v.map((x) => (x === null ? null : item(x))) : v);
    }
    case 'map': {
      const item = writerValue((type as InstanceType<typeof avroTypes.MapType>).valuesType as AvroType, `${path}{}`);
      return (v) => (v instanceof Map ? Object.fromEntries([...v].map(([k, x]) => [k, x === null ? null : item(x)])) : v);
    }
    case 'record':
    case 'error': {
      const fields = (type as InstanceType<typeof avroTypes.RecordType>).fields.map((f) => [f.name, writerValue(f.type, `${path}.${f.name}`)] as const);
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Map || v instanceof Decimal) return v;
        const out: Record<string, unknown> = {};
        for (const [field, convert] of fields) {
          const x = (v as Record<string, Value>)[field];
          out[field] = x === undefined || x === null ? null : convert(x);
        }
        return out;
      };
    }
    default:
      return (v) => v;
  }
}

/**
 * Writes rows of `columns` as Avro datums of `type` (a record): each field takes the column of
 * its name, converted to the field's type (a DECIMAL into a decimal rescaled to its scale, a
 * TIMESTAMP into a timestamp's unit); a field without a column takes its default. A column
 * the record has no field for, or a field with neither column nor default, is a CONFIG error
 * when the sink opens; a value the field cannot hold fails the write naming the column.
 */
export function avroWriter(type: AvroType, columns: Schema, what: string): (row: Row) => Buffer {
  const record = recordOf(type, what);
  const byName = new Map(columns.fields.map((f, i) => [f.name, i]));
  for (const f of columns.fields) {
    if (!record.fields.some((r) => r.name === f.name)) throw new FerrisError('CONFIG', `${what} has no field '${f.name}' for the output column of that name`);
  }
  const fields = record.fields.map((f) => {
    const column = byName.get(f.name);
    if (column === undefined && f.defaultValue() === undefined) throw new FerrisError('CONFIG', `${what}: the field '${f.name}' has no output column and no default`);
    return { name: f.name, column, convert: writerValue(f.type, f.name), fallback: f.defaultValue() as unknown };
  });
  return (row) => {
    const datum: Record<string, unknown> = {};
    for (const f of fields) {
      const value = f.column === undefined ? undefined : row[f.column];
      datum[f.name] = f.column === undefined ? f.fallback : value === null || value === undefined ? null : f.convert(value);
    }
    try {
      return record.toBuffer(datum);
    } catch (error) {
      if (error instanceof FerrisError) throw error;
      const bad = record.fields.find((f) => !f.type.isValid(datum[f.name]));
      const detail = bad === undefined ? (error as Error).message : `the column '${bad.name}' value ${String(datum[bad.name])} does not fit the Avro type ${JSON.stringify(bad.type.schema())}`;
      throw new FerrisError('EVALUATION', `${what}: ${detail}`, { cause: error });
    }
  };
}

/** An Avro name from any text: letters, digits and `_`, not starting with a digit. */
function avroName(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The Avro schema of a SQL type (nullable: a union with null first, default null). */
function avroSchemaOfType(type: SqlType, path: string): unknown {
  switch (type.kind) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INTEGER':
      return type.bits !== undefined && type.bits <= 32 ? 'int' : 'long';
    case 'DOUBLE':
      return 'double';
    case 'DECIMAL':
      return { type: 'bytes', logicalType: 'decimal', precision: type.precision, scale: type.scale };
    case 'STRING':
      return 'string';
    case 'TIMESTAMP':
      return { type: 'long', logicalType: 'timestamp-millis' };
    case 'DATE':
      return { type: 'int', logicalType: 'date' };
    case 'INTERVAL':
      return 'long';
    case 'ARRAY':
      return { type: 'array', items: ['null', avroSchemaOfType(type.element, `${path}[]`)] };
    case 'MAP':
      return { type: 'map', values: ['null', avroSchemaOfType(type.value, `${path}{}`)] };
    case 'STRUCT':
      return { type: 'record', name: avroName(path), fields: type.fields.map((f) => avroField(f, `${path}_${f.name}`)) };
    default:
      throw notSupported(`writing a column of type ${formatType(type)} as Avro (${path}); cast it to a concrete type`);
  }
}

function avroField(f: Field, path: string): object {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name)) throw new FerrisError('CONFIG', `the output column '${f.name}' is not a valid Avro field name: give it an alias (AS name)`);
  const type = avroSchemaOfType(f.type, path);
  return f.nullable ? { name: f.name, type: ['null', type], default: null } : { name: f.name, type };
}

/**
 * The Avro record schema of rows of `columns`, for a sink given no schema: BOOLEAN boolean,
 * INTEGER int or long, DOUBLE double, DECIMAL(p,s) bytes with the decimal logical type,
 * TIMESTAMP long timestamp-millis, DATE int date, INTERVAL long (ms), ARRAY, MAP and STRUCT
 * nested; nullable columns are unions with null, default null.
 */
export function avroSchemaOf(columns: Schema, recordName: string): object {
  const name = avroName(recordName);
  return { type: 'record', name, namespace: 'ferris', fields: columns.fields.map((f) => avroField(f, `${name}_${f.name}`)) };
}


/** Avro as a {@link SchemaFormat}: raw datums of a record schema (framing does not change the body). */
export const AVRO_FORMAT: SchemaFormat = {
  schemaType: 'AVRO',
  codec: (text, what) => {
    const type = avroType(text, what);
    return { columns: avroColumns(type, what), reader: (columns) => avroReader(type, columns, what), writer: (columns) => avroWriter(type, columns, what) };
  },
  generated: (columns, name) => JSON.stringify(avroSchemaOf(columns, name)),
};
