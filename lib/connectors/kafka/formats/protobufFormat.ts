import protobuf from 'protobufjs';
import { Decimal } from '../../../types/decimal.js';
import { FerrisError, notSupported } from '../../../types/errors.js';
import { schemaOf, type Schema } from '../../../types/schema.js';
import { BOOLEAN, DOUBLE, STRING, TIMESTAMP, integerType, type Field, type SqlType } from '../../../types/sqlType.js';
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

/** Reads protobuf payloads of `type` into the values of `columns` (a column without a field reads NULL). */
export function protobufReader(type: protobuf.Type, columns: Schema): (payload: Buffer) => Value[] {
  const plan = columns.fields.map((c) => {
    const field = type.fields[c.name];
    return { name: c.name, present: field !== undefined, decoded: field === undefined ? undefined : decodedOf(field), read: decodedValueReader(c.type) };
  });
  return (payload) => {
    let object: Record<string, unknown>;
    try {
      object = type.toObject(type.decode(payload), TO_OBJECT);
    } catch (error) {
      throw new FerrisError('BAD_RECORD', `not a protobuf ${type.name}: ${(error as Error).message}`, { cause: error });
    }
    const values = new Array<Value>(plan.length);
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i]!;
      const value = p.present ? object[p.name] : undefined;
      values[i] = value === undefined || value === null ? null : p.read(p.decoded!(value));
    }
    return values;
  };
}

/** The converter of a column value into what `fromObject` takes for one value of a field. */
function writerElement(field: protobuf.Field): (value: Value) => unknown {
  if (isTimestamp(field)) {
    return (v) => {
      const ms = Number(v);
      const seconds = Math.floor(ms / 1000);
      return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
    };
  }
  if (field.resolvedType instanceof protobuf.Type) {
    const fields = field.resolvedType.fieldsArray.map((f) => [f.name, writerOf(f)] as const);
    return (v) => {
      const out: Record<string, unknown> = {};
      for (const [name, convert] of fields) {
        const x = (v as Record<string, Value>)[name];
        if (x !== undefined && x !== null) out[name] = convert(x);
      }
      return out;
    };
  }
  if (field.long) return (v) => (v instanceof Decimal ? v.toBigInt().toString() : typeof v === 'bigint' || typeof v === 'number' ? String(v) : v);
  switch (field.type) {
    case 'double':
    case 'float':
      return (v) => (v instanceof Decimal ? v.toNumber() : typeof v === 'bigint' ? Number(v) : v);
    case 'string':
      return (v) => (typeof v === 'string' ? v : v instanceof Decimal || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : v);
    case 'int32':
    case 'sint32':
    case 'sfixed32':
    case 'uint32':
    case 'fixed32':
      return (v) => (typeof v === 'bigint' ? Number(v) : v);
    default:
      return (v) => v;
  }
}

function writerOf(field: protobuf.Field): (value: Value) => unknown {
  const element = writerElement(field);
  if (field.repeated) return (v) => (Array.isArray(v) ? v.filter((x) => x !== null).map(element) : v);
  if (field.map) return (v) => (v instanceof Map ? Object.fromEntries([...v].filter(([, x]) => x !== null).map(([k, x]) => [k, element(x)])) : v);
  return element;
}

/**
 * Writes rows of `columns` as protobuf messages of `type`: each column into the field of its
 * name (a column the message has no field for is a CONFIG error when the sink opens); NULL
 * leaves the field unset. DECIMAL goes into string fields as exact text (or into double
 * fields), TIMESTAMP into int64 milliseconds or `google.protobuf.Timestamp`. A value the
 * field cannot take fails the write naming the field.
 */
export function protobufWriter(type: protobuf.Type, columns: Schema, what: string): (row: Row) => Buffer {
  const plan = columns.fields.map((c, i) => {
    const field = type.fields[c.name];
    if (field === undefined) throw new FerrisError('CONFIG', `${what}: the message ${type.name} has no field '${c.name}' for the output column of that name`);
    return { name: c.name, column: i, convert: writerOf(field) };
  });
  return (row) => {
    const object: Record<string, unknown> = {};
    for (const p of plan) {
      const value = row[p.column];
      if (value !== null && value !== undefined) object[p.name] = p.convert(value);
    }
    const message = type.fromObject(object);
    const problem = type.verify(message);
    if (problem !== null) throw new FerrisError('EVALUATION', `${what}: ${problem}`);
    return Buffer.from(type.encode(message).finish());
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
