import { ProtocolError } from './protocolError.js';
import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

/**
 * A wire type: how a value is read and written at a given API version. `flexible` selects the
 * compact encodings (KIP-482). `I` is the decoded type, `O` what the encoder accepts.
 */
export interface Codec<I, O = I> {
  read(r: Reader, version: number, flexible: boolean): I;
  write(w: Writer, value: O, version: number, flexible: boolean): void;
  /** The value a field takes in versions where it is absent from the wire. */
  readonly zero: I;
}

/** A struct field: its codec, the version range it exists in, and its value outside that range. */
export interface Field<I, O> {
  readonly codec: Codec<I, O>;
  readonly since: number;
  readonly until: number;
  readonly absent: I;
}

type AnyField = Field<unknown, never>;
type InOf<F> = F extends Field<infer I, infer _O> ? I : never;
type OutOf<F> = F extends Field<infer _I, infer O> ? O : never;

/** The decoded shape of a struct with fields `F`. */
export type StructIn<F> = { [K in keyof F]: InOf<F[K]> };
/** What the encoder accepts for a struct with fields `F`: missing fields take their default. */
export type StructOut<F> = { [K in keyof F]?: OutOf<F[K]> };

/** Declares a field present in versions `since..until` (inclusive), defaulting to `absent`. */
export function field<I, O>(codec: Codec<I, O>, since = 0, until = Number.MAX_SAFE_INTEGER, absent?: I): Field<I, O> {
  return { codec, since, until, absent: absent === undefined ? codec.zero : absent };
}

function primitive<T>(zero: T, read: (r: Reader) => T, write: (w: Writer, v: T) => void): Codec<T> {
  return { zero, read: (r) => read(r), write: (w, v) => write(w, v) };
}

/** Signed 8-bit integer. */
export const int8 = primitive(0, (r) => r.int8(), (w, v) => w.int8(v));
/** Signed 16-bit integer. */
export const int16 = primitive(0, (r) => r.int16(), (w, v) => w.int16(v));
/** Signed 32-bit integer. */
export const int32 = primitive(0, (r) => r.int32(), (w, v) => w.int32(v));
/** Signed 64-bit integer, as a safe-integer number. */
export const int64 = primitive(0, (r) => r.int64(), (w, v) => w.int64(v));
/** Boolean (one byte). */
export const boolean = primitive(false, (r) => r.int8() !== 0, (w, v) => w.int8(v ? 1 : 0));

function readLength(r: Reader, flexible: boolean, wide: boolean): number {
  if (flexible) return r.uvarint() - 1;
  return wide ? r.int32() : r.int16();
}

function writeLength(w: Writer, n: number, flexible: boolean, wide: boolean): void {
  if (flexible) w.uvarint(n + 1);
  else if (wide) w.int32(n);
  else w.int16(n);
}

/** A nullable UTF-8 string (int16 length, or compact in flexible versions). */
export const nullableString: Codec<string | null> = {
  zero: null,
  read(r, _v, flexible) {
    const n = readLength(r, flexible, false);
    return n < 0 ? null : r.utf8(n);
  },
  write(w, value, _v, flexible) {
    if (value === null) {
      writeLength(w, -1, flexible, false);
      return;
    }
    writeLength(w, Buffer.byteLength(value), flexible, false);
    w.utf8(value);
  },
};

/** A non-null UTF-8 string; a null on the wire reads as the empty string. */
export const string: Codec<string> = {
  zero: '',
  read: (r, v, flexible) => nullableString.read(r, v, flexible) ?? '',
  write: (w, value, v, flexible) => nullableString.write(w, value, v, flexible),
};

/** Nullable bytes (int32 length); decoded as a view into the request. */
export const nullableBytes: Codec<Buffer | null> = {
  zero: null,
  read(r, _v, flexible) {
    const n = readLength(r, flexible, true);
    return n < 0 ? null : r.bytesView(n);
  },
  write(w, value, _v, flexible) {
    if (value === null) {
      writeLength(w, -1, flexible, true);
      return;
    }
    writeLength(w, value.length, flexible, true);
    w.bytes(value);
  },
};

/** Non-null bytes; a null on the wire reads as an empty buffer. */
export const bytes: Codec<Buffer> = {
  zero: Buffer.alloc(0),
  read: (r, v, flexible) => nullableBytes.read(r, v, flexible) ?? Buffer.alloc(0),
  write: (w, value, v, flexible) => nullableBytes.write(w, value, v, flexible),
};

/** A record set: read as one view, written from a list of stored batches without copying. */
export const records: Codec<Buffer | null, readonly Buffer[] | null> = {
  zero: null,
  read: (r, v, flexible) => nullableBytes.read(r, v, flexible),
  write(w, batches, _v, flexible) {
    if (batches === null) {
      writeLength(w, -1, flexible, true);
      return;
    }
    let total = 0;
    for (const b of batches) total += b.length;
    writeLength(w, total, flexible, true);
    for (const b of batches) w.bytes(b);
  },
};

function arrayOf<I, O>(item: Codec<I, O>, nullable: boolean): Codec<I[] | null, readonly O[] | null> {
  return {
    zero: nullable ? null : [],
    read(r, v, flexible) {
      const n = readLength(r, flexible, true);
      if (n < 0) {
        if (nullable) return null;
        return [];
      }
      if (n > r.remaining) throw new ProtocolError(`array length ${n} exceeds the request size`);
      const out: I[] = new Array<I>(n);
      for (let i = 0; i < n; i++) out[i] = item.read(r, v, flexible);
      return out;
    },
    write(w, values, v, flexible) {
      if (values === null) {
        writeLength(w, -1, flexible, true);
        return;
      }
      writeLength(w, values.length, flexible, true);
      for (const value of values) item.write(w, value, v, flexible);
    },
  };
}

/** An array (int32 count, or compact); null on the wire reads as empty. */
export function array<I, O>(item: Codec<I, O>): Codec<I[], readonly O[]> {
  return arrayOf(item, false) as Codec<I[], readonly O[]>;
}

/** A nullable array (-1 = null). */
export function nullableArray<I, O>(item: Codec<I, O>): Codec<I[] | null, readonly O[] | null> {
  return arrayOf(item, true);
}

function skipTaggedFields(r: Reader): void {
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    r.uvarint();
    r.bytesView(r.uvarint());
  }
}

/**
 * A struct: its fields in wire order, each with a version range. In flexible versions a
 * (skipped on read, empty on write) tagged-field section ends the struct.
 */
export function struct<F extends Record<string, AnyField>>(fields: F): Codec<StructIn<F>, StructOut<F>> {
  const entries = Object.entries(fields);
  const zero = Object.fromEntries(entries.map(([name, f]) => [name, f.absent])) as StructIn<F>;
  return {
    zero,
    read(r, v, flexible) {
      const out: Record<string, unknown> = {};
      for (const [name, f] of entries) out[name] = v >= f.since && v <= f.until ? f.codec.read(r, v, flexible) : f.absent;
      if (flexible) skipTaggedFields(r);
      return out as StructIn<F>;
    },
    write(w, value, v, flexible) {
      const given = value as Record<string, unknown>;
      for (const [name, f] of entries) {
        if (v < f.since || v > f.until) continue;
        const provided = given[name];
        (f.codec as Codec<unknown, unknown>).write(w, provided === undefined ? f.absent : provided, v, flexible);
      }
      if (flexible) w.uvarint(0);
    },
  };
}
