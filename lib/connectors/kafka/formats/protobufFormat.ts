import protobuf from 'protobufjs';
import { Decimal } from '../../../types/decimal.js';
import { FerrisError, notSupported } from '../../../types/errors.js';
import { schemaOf, type Schema } from '../../../types/schema.js';
import { BOOLEAN, DOUBLE, STRING, TIMESTAMP, formatType, integerType, type Field, type SqlType } from '../../../types/sqlType.js';
import type { Row, Value } from '../../../types/value.js';
import { messageIndexes, readMessageIndexes } from './confluentWire.js';
import { decodedValueReader } from './decodedValue.js';
import type { SchemaFormat } from './schemaCodec.js';

/*
 * Protobuf messages to rows and back through protobufjs, from `.proto` text parsed at run
 * time. Fields are matched to columns by name (the names of the .proto, not camel-cased).
 * 64-bit integers stay exact (bigints), enums read as their names, bytes as base64 text,
 * `google.protobuf.Timestamp` as a TIMESTAMP.
 */

const TIMESTAMP_TYPE = '.google.protobuf.Timestamp';
const TO_OBJECT: protobuf.IConversionOptions = { longs: BigInt, enums: String, bytes: String, defaults: true, arrays: true, objects: true };

/** A parsed `.proto` file and the message types it defines, in the order of the file (for message indexes). */
export interface ProtoFile {
  readonly root: protobuf.Root;
  /** The top-level message types, as the schema registry's message indexes count them. */
  readonly messages: readonly protobuf.Type[];
}

/** Parses `.proto` text; imports other than the well-known `google/protobuf/*.proto` are refused. */
export function parseProto(text: string, what: string): ProtoFile {
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, { keepCase: true });
  } catch (error) {
    throw new FerrisError('CONFIG', `${what} is not a valid .proto file: ${(error as Error).message}`, { cause: error });
  }
  for (const file of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
    const common = protobuf.common.get(file);
    if (common === null) throw notSupported(`the import '${file}' in ${what} (only google/protobuf/*.proto imports are built in)`);
    parsed.root.addJSON(common.nested ?? {});
  }
  try {
    parsed.root.resolveAll();
  } catch (error) {
    throw new FerrisError('CONFIG', `${what}: ${(error as Error).message}`, { cause: error });
  }
  const namespace = parsed.package === undefined ? parsed.root : parsed.root.lookup(parsed.package);
  const messages = namespace instanceof protobuf.Namespace ? namespace.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type) : [];
  if (messages.length === 0) throw new FerrisError('CONFIG', `${what} defines no message type`);
  return { root: parsed.root, messages };
}

/** The message type `name` (or the first one of the file), and its path for message indexes. */
export function messageType(file: ProtoFile, name: string | undefined, what: string): { readonly type: protobuf.Type; readonly path: readonly number[] } {
  if (name === undefined) return { type: file.messages[0]!, path: [0] };
  const found = file.root.lookup(name);
  if (!(found instanceof protobuf.Type)) {
    throw new FerrisError('CONFIG', `${what} has no message '${name}'; its messages: ${file.messages.map((m) => m.name).join(', ')}`);
  }
  return { type: found, path: pathOf(found) };
}

/** The message indexes of a type: its position among the message types of each enclosing scope. */
function pathOf(type: protobuf.Type): number[] {
  const path: number[] = [];
  let current: protobuf.ReflectionObject = type;
  while (current.parent !== null && current instanceof protobuf.Type) {
    const siblings = current.parent.nestedArray.filter((n) => n instanceof protobuf.Type);
    path.unshift(siblings.indexOf(current));
    current = current.parent;
  }
  return path;
}

/** The message type at a path of message indexes (from the wire format). */
export function typeAtPath(file: ProtoFile, path: readonly number[]): protobuf.Type {
  let scope: readonly protobuf.Type[] = file.messages;
  let type: protobuf.Type | undefined;
  for (const index of path) {
    type = scope[index];
    if (type === undefined) throw new FerrisError('BAD_RECORD', `no protobuf message at index path [${path.join(', ')}]`);
    scope = type.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
  }
  if (type === undefined) throw new FerrisError('BAD_RECORD', 'empty protobuf message index path');
  return type;
}

const isTimestamp = (field: protobuf.Field): boolean => field.resolvedType?.fullName === TIMESTAMP_TYPE;

/** The SQL type of one value of a field (an element when it is repeated). */
function elementType(field: protobuf.Field, path: string): SqlType {
  if (isTimestamp(field)) return TIMESTAMP;
  if (field.resolvedType instanceof protobuf.Enum) return STRING;
  if (field.resolvedType instanceof protobuf.Type) return { kind: 'STRUCT', fields: fieldsOf(field.resolvedType, path) };
  switch (field.type) {
    case 'double':
    case 'float':
      return DOUBLE;
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return integerType(32);
    case 'uint32':
    case 'fixed32':
    case 'int64':
    case 'sint64':
    case 'sfixed64':
    case 'uint64':
    case 'fixed64':
      return integerType(64);
    case 'bool':
      return BOOLEAN;
    case 'string':
    case 'bytes':
      return STRING;
    default:
      throw notSupported(`the protobuf type ${field.type} (field ${path})`);
  }
}

function fieldsOf(type: protobuf.Type, path: string): Field[] {
  return type.fieldsArray.map((f) => {
    const name = path === '' ? f.name : `${path}.${f.name}`;
    const element = elementType(f, name);
    const sqlType: SqlType = f.map ? { kind: 'MAP', key: STRING, value: element } : f.repeated ? { kind: 'ARRAY', element } : element;
    const message = f.resolvedType instanceof protobuf.Type && !f.repeated && !f.map;
    return { name: f.name, type: sqlType, nullable: f.hasPresence || message };
  });
}

/**
 * The columns of a message type: one per field; fields with presence (proto3 `optional`,
 * messages, oneof members) are nullable, the others read their default when absent.
 */
export function protobufColumns(type: protobuf.Type): Schema {
  return schemaOf(fieldsOf(type, ''));
}

/** Epoch ms of a `google.protobuf.Timestamp` object. */
function timestampMillis(value: { seconds?: bigint | number; nanos?: number }): number {
  return Number(value.seconds ?? 0) * 1000 + Math.floor((value.nanos ?? 0) / 1_000_000);
}

/** The converter of a field's decoded value to what its column reader takes (timestamps to ms). */
function decodedOf(field: protobuf.Field): (value: unknown) => unknown {
  if (!isTimestamp(field)) return (value) => value;
  if (field.repeated) return (value) => (value as { seconds?: bigint; nanos?: number }[]).map(timestampMillis);
  if (field.map) return (value) => Object.fromEntries(Object.entries(value as Record<string, { seconds?: bigint; nanos?: number }>).map(([k, v]) => [k, timestampMillis(v)]));
  return (value) => timestampMillis(value as { seconds?: bigint; nanos?: number });
}

/** A 64-bit integer as protobufjs decodes it (a `Long` of the long package). */
interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
  toNumber(): number;
  toString(): string;
}
const SAFE_HIGH = 2 ** 21;

/** A decoded 64-bit integer as a number while it is safe, else a bigint. */
function longValue(v: unknown): number | bigint {
  if (typeof v === 'number') return v;
  const long = v as LongLike;
  return (long.unsigned ? long.high >= 0 && long.high < SAFE_HIGH : long.high < SAFE_HIGH && long.high >= -SAFE_HIGH) ? long.toNumber() : BigInt(long.toString());
}

/**
 * How one field is read from a decoded message: scalar fields directly (an unset field with
 * presence is NULL, one without reads its default from the message prototype), enums by
 * name, 64-bit integers exact; messages, repeated and map fields through `toObject`.
 */
function fieldReader(field: protobuf.Field): { readonly direct: boolean; readonly take: (value: unknown) => unknown } {
  if (isTimestamp(field)) return { direct: false, take: decodedOf(field) };
  if (field.repeated || field.map || field.resolvedType instanceof protobuf.Type) return { direct: false, take: (v) => v };
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return { direct: true, take: (v) => resolved.valuesById[v as number] ?? v };
  if (field.long) return { direct: true, take: longValue };
  return { direct: true, take: (v) => v };
}

/** Reads protobuf payloads of `type` into the values of `columns` (a column without a field reads NULL). */
export function protobufReader(type: protobuf.Type, columns: Schema): (payload: Buffer) => Value[] {
  const plan = columns.fields.map((c) => {
    const field = type.fields[c.name];
    const reader = field === undefined ? undefined : fieldReader(field);
    return { name: c.name, field, reader, presence: field?.hasPresence === true, read: decodedValueReader(c.type) };
  });
  const needsObject = plan.some((p) => p.reader !== undefined && !p.reader.direct);
  const own = Object.prototype.hasOwnProperty;
  return (payload) => {
    let message: protobuf.Message & Record<string, unknown>;
    let object: Record<string, unknown> | undefined;
    try {
      message = type.decode(payload) as protobuf.Message & Record<string, unknown>;
      if (needsObject) object = type.toObject(message, TO_OBJECT);
    } catch (error) {
      throw new FerrisError('BAD_RECORD', `not a protobuf ${type.name}: ${(error as Error).message}`, { cause: error });
    }
    const values = new Array<Value>(plan.length);
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i]!;
      let value: unknown;
      if (p.reader === undefined) value = undefined;
      else if (!p.reader.direct) value = object![p.name];
      else if (p.presence && !own.call(message, p.name)) value = undefined;
      else value = message[p.name];
      values[i] = value === undefined || value === null ? null : p.read(p.reader!.take(value));
    }
    return values;
  };
}

/** The ranges of the 32-bit integer field types. */
const INT32_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
};
const UNSIGNED_64 = new Set(['uint64', 'fixed64']);
/** The column types each kind of field takes. */
const LONG_COLUMNS = new Set(['INTEGER', 'DECIMAL', 'TIMESTAMP', 'DATE', 'INTERVAL']);
const NUMBER_COLUMNS = new Set(['INTEGER', 'DOUBLE', 'DECIMAL']);
const TEXT_COLUMNS = new Set(['STRING', 'DECIMAL', 'INTEGER', 'DOUBLE', 'BOOLEAN']);

const unfit = (field: protobuf.Field, value: Value, why: string): FerrisError => new FerrisError('EVALUATION', `the value ${String(value)} does not fit the protobuf ${field.type} field '${field.name}': ${why}`);

/** A whole number of a column value (an integral DECIMAL too), as a bigint or safe number. */
function wholeNumber(field: protobuf.Field, v: Value): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  const d = v as Decimal;
  if (!d.equals(d.floor())) throw unfit(field, v, 'not a whole number');
  return d.toBigInt();
}

/**
 * The converter of one column value into what `encode` takes for one value of the field,
 * after checking when the sink opens that the column's type fits the field's (an error names
 * both); values out of the field's range fail the write rather than wrap.
 */
function elementWriter(field: protobuf.Field, column: SqlType, what: string): (value: Value) => unknown {
  const refuse = (): FerrisError =>
    new FerrisError('CONFIG', `${what}: a ${formatType(column)} column cannot be written into the protobuf ${field.type} field '${field.name}'`);
  if (isTimestamp(field)) {
    if (column.kind !== 'TIMESTAMP') throw refuse();
    return (v) => {
      const ms = v as number;
      const seconds = Math.floor(ms / 1000);
      return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
    };
  }
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    if (column.kind !== 'STRUCT') throw refuse();
    const fields = column.fields.map((f) => {
      const inner = resolved.fields[f.name];
      if (inner === undefined) throw new FerrisError('CONFIG', `${what}: the message ${resolved.name} has no field '${f.name}' for that STRUCT field`);
      return [f.name, writerOf(inner, f.type, what)] as const;
    });
    return (v) => {
      const out: Record<string, unknown> = {};
      for (const [name, convert] of fields) {
        const x = (v as Record<string, Value>)[name];
        if (x !== undefined && x !== null) out[name] = convert(x);
      }
      return out;
    };
  }
  if (resolved instanceof protobuf.Enum) {
    const ids = resolved.values;
    if (column.kind === 'STRING') {
      return (v) => {
        const id = ids[v as string];
        if (id === undefined) throw unfit(field, v, `not one of ${Object.keys(ids).join(', ')}`);
        return id;
      };
    }
    if (column.kind === 'INTEGER') return (v) => Number(v);
    throw refuse();
  }
  if (field.long) {
    if (!LONG_COLUMNS.has(column.kind)) throw refuse();
    const unsigned = UNSIGNED_64.has(field.type);
    return (v) => {
      const n = wholeNumber(field, v);
      if (unsigned && n < 0) throw unfit(field, v, 'negative');
      return typeof n === 'number' ? n : n.toString();
    };
  }
  const range = INT32_RANGES[field.type];
  if (range !== undefined) {
    if (column.kind !== 'INTEGER' && column.kind !== 'DATE') throw refuse();
    const [min, max] = range;
    return (v) => {
      const n = Number(v);
      if (n < min || n > max) throw unfit(field, v, `out of its range ${min} to ${max}`);
      return n;
    };
  }
  switch (field.type) {
    case 'double':
    case 'float':
      if (!NUMBER_COLUMNS.has(column.kind)) throw refuse();
      return (v) => (v instanceof Decimal ? v.toNumber() : Number(v));
    case 'string':
      if (!TEXT_COLUMNS.has(column.kind)) throw refuse();
      return column.kind === 'STRING' ? (v) => v : (v) => String(v);
    case 'bool':
      if (column.kind !== 'BOOLEAN') throw refuse();
      return (v) => v;
    case 'bytes':
      if (column.kind !== 'STRING') throw refuse();
      return (v) => Buffer.from(v as string, 'base64');
    default:
      throw refuse();
  }
}

/** The converter of a column value into a field, repeated and map fields included (which hold no NULL). */
function writerOf(field: protobuf.Field, column: SqlType, what: string): (value: Value) => unknown {
  if (field.map) {
    if (column.kind !== 'MAP') throw new FerrisError('CONFIG', `${what}: the protobuf map field '${field.name}' needs a MAP column, not ${formatType(column)}`);
    const element = elementWriter(field, column.value, what);
    return (v) => {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v as Map<string, Value>) {
        if (x === null) throw unfit(field, v, `a protobuf map holds no NULL (key '${k}')`);
        out[k] = element(x);
      }
      return out;
    };
  }
  if (field.repeated) {
    if (column.kind !== 'ARRAY') throw new FerrisError('CONFIG', `${what}: the repeated protobuf field '${field.name}' needs an ARRAY column, not ${formatType(column)}`);
    const element = elementWriter(field, column.element, what);
    return (v) =>
      (v as Value[]).map((x) => {
        if (x === null) throw unfit(field, v, 'a repeated protobuf field holds no NULL');
        return element(x);
      });
  }
  return elementWriter(field, column, what);
}

/**
 * Writes rows of `columns` as protobuf messages of `type`: each column into the field of its
 * name; NULL leaves the field unset. Whether a column fits its field is checked when the sink
 * opens (a column without a field, or of a type the field cannot take, is a CONFIG error):
 * DECIMAL goes into string fields as exact text, into integer fields when whole, or into
 * double fields; TIMESTAMP into int64 milliseconds or `google.protobuf.Timestamp`; STRING into
 * enum fields by name. A value out of its field's range fails the write naming the field.
 */
export function protobufWriter(type: protobuf.Type, columns: Schema, what: string): (row: Row) => Buffer {
  const plan = columns.fields.map((c, i) => {
    const field = type.fields[c.name];
    if (field === undefined) throw new FerrisError('CONFIG', `${what}: the message ${type.name} has no field '${c.name}' for the output column of that name`);
    return { name: c.name, column: i, convert: writerOf(field, c.type, what) };
  });
  return (row) => {
    const object: Record<string, unknown> = {};
    for (const p of plan) {
      const value = row[p.column];
      if (value !== null && value !== undefined) object[p.name] = p.convert(value);
    }
    return Buffer.from(type.encode(object).finish());
  };
}

/**
 * Protobuf as a {@link SchemaFormat}. Framed values name their message type by message
 * indexes (each path read once into a reader); unframed values are of the configured message
 * type (`protobuf.message`, default the file's first). No schema is generated for a sink.
 */
export const PROTOBUF_FORMAT: SchemaFormat = {
  schemaType: 'PROTOBUF',
  codec: (text, what, message) => {
    const file = parseProto(text, what);
    const { type, path } = messageType(file, message, what);
    return {
      columns: protobufColumns(type),
      reader: (columns, framed) => {
        if (!framed) return protobufReader(type, columns);
        const readers = new Map<string, (payload: Buffer) => Value[]>();
        return (body) => {
          const { path: at, payload } = readMessageIndexes(body);
          const key = at.join('.');
          let read = readers.get(key);
          if (read === undefined) {
            read = protobufReader(typeAtPath(file, at), columns);
            readers.set(key, read);
          }
          return read(payload);
        };
      },
      writer: (columns, framed) => {
        const write = protobufWriter(type, columns, what);
        if (!framed) return write;
        const indexes = messageIndexes(path);
        return (row) => Buffer.concat([indexes, write(row)]);
      },
    };
  },
  generated: () => undefined,
};
