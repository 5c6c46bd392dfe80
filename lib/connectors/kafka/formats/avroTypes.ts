import avro from 'avsc';
import { Decimal } from '../../../types/decimal.js';
import { FerrisError } from '../../../types/errors.js';

/*
 * avsc types with our value representations: a `long` is a number, or a bigint beyond 2^53
 * (where avsc's own long refuses), a `decimal` is our exact {@link Decimal}, a `timestamp-millis` or
 * `timestamp-micros` is epoch milliseconds (our TIMESTAMP), a `date` days since the epoch (our
 * DATE). Other logical types read as their underlying type.
 */

type AvroSchema = avro.Schema;
type LongValue = bigint | number;

const TWO_32 = 2 ** 32;
/** The largest high word of a long that is a safe integer (|n| < 2^53). */
const SAFE_HIGH = 2 ** 21;
/** avsc copies the bytes `toBuffer` returns at once: one buffer serves every write. */
const LONG_BYTES = Buffer.alloc(8);

/**
 * `long` as a number while it is a safe integer, a bigint beyond (exact either way; avsc's own
 * long refuses those); a number or a bigint is accepted when writing.
 */
const EXACT_LONG = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer): LongValue => {
    const high = buf.readInt32LE(4);
    if (high < SAFE_HIGH && high >= -SAFE_HIGH) return high * TWO_32 + buf.readUInt32LE(0);
    return buf.readBigInt64LE();
  },
  toBuffer: (n: LongValue): Buffer => {
    if (typeof n === 'number' && Number.isSafeInteger(n)) {
      const high = Math.floor(n / TWO_32);
      LONG_BYTES.writeInt32LE(high, 4);
      LONG_BYTES.writeUInt32LE(n - high * TWO_32, 0);
    } else {
      LONG_BYTES.writeBigInt64LE(BigInt(n));
    }
    return LONG_BYTES;
  },
  fromJSON: (json: unknown): LongValue => (typeof json === 'number' ? json : BigInt(json as string)),
  toJSON: (n: LongValue): number => Number(n),
  isValid: (n: unknown): boolean => typeof n === 'bigint' || Number.isInteger(n),
  compare: (a: LongValue, b: LongValue): number => (a < b ? -1 : a > b ? 1 : 0),
});

/** The big-endian two's-complement integer of `bytes` (an Avro decimal's unscaled value). */
function readTwosComplement(bytes: Buffer): bigint | number {
  if (bytes.length === 0) return 0;
  if (bytes.length <= 6) return bytes.readIntBE(0, bytes.length);
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  return bytes[0]! & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

/** The shortest big-endian two's-complement bytes of `n`, or exactly `size` bytes (a fixed). */
function twosComplement(d: Decimal, size: number | undefined): Buffer {
  if (d.big === null && Math.abs(d.unscaled) < 2 ** 47) {
    // Within 6 bytes: the shortest length whose sign bit holds the value.
    const n = d.unscaled;
    let length = 1;
    while (length < 6 && (n < -(2 ** (length * 8 - 1)) || n >= 2 ** (length * 8 - 1))) length++;
    if (size === undefined || size === length) {
      const out = Buffer.allocUnsafe(length);
      out.writeIntBE(n, 0, length);
      return out;
    }
  }
  const n = d.unscaledBig();
  let length = 1;
  while (n < -(1n << BigInt(length * 8 - 1)) || n >= 1n << BigInt(length * 8 - 1)) length++;
  if (size !== undefined && length > size) {
    throw new FerrisError('EVALUATION', `the decimal's unscaled value ${n} does not fit the Avro fixed of ${size} bytes`);
  }
  const out = Buffer.alloc(size ?? length, n < 0n ? 0xff : 0);
  let rest = n < 0n ? (1n << BigInt(out.length * 8)) + n : n;
  for (let i = out.length - 1; i >= 0 && rest > 0n; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/**
 * `decimal` (bytes or fixed) as a {@link Decimal} at the schema's scale. Written values are
 * rescaled to that scale (exact when it grows, HALF_UP when it shrinks, as CAST does) and must
 * fit the schema's precision: the unscaled value written always means the value at the
 * schema's scale.
 */
class DecimalType extends avro.types.LogicalType {
  readonly precision: number;
  readonly scale: number;
  private readonly size: number | undefined;

  constructor(schema: AvroSchema, opts?: object) {
    super(schema, opts);
    const attrs = schema as { precision?: unknown; scale?: unknown };
    const precision = Number(attrs.precision);
    const scale = attrs.scale === undefined ? 0 : Number(attrs.scale);
    if (!Number.isInteger(precision) || precision < 1 || !Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new FerrisError('CONFIG', `Avro decimal needs 1 ≤ precision and 0 ≤ scale ≤ precision, got precision ${String(attrs.precision)} scale ${String(attrs.scale)}`);
    }
    const underlying = this.underlyingType;
    if (underlying.typeName !== 'bytes' && underlying.typeName !== 'fixed') throw new FerrisError('CONFIG', 'Avro decimal must be bytes or fixed');
    this.precision = precision;
    this.scale = scale;
    this.size = underlying instanceof avro.types.FixedType ? underlying.size : undefined;
  }

  protected override _fromValue(bytes: Buffer): Decimal {
    return Decimal.fromUnscaled(readTwosComplement(bytes), this.scale);
  }

  protected override _toValue(value: unknown): Buffer | undefined {
    if (!(value instanceof Decimal)) return undefined;
    return twosComplement(value.rescale(this.scale).checkPrecision(this.precision), this.size);
  }

  protected override _resolve(writer: avro.Type): ((value: unknown) => unknown) | undefined {
    if (writer instanceof DecimalType && writer.scale === this.scale) return (value) => value;
    if (writer instanceof DecimalType) return (value) => (value as Decimal).rescale(this.scale);
    return undefined;
  }

  protected override _export(attrs: AvroSchema): void {
    Object.assign(attrs, { precision: this.precision, scale: this.scale });
  }
}

/** A timestamp logical type: epoch milliseconds in, the long at this type's unit out. */
function timestampType(unitsPerMs: bigint): typeof avro.types.LogicalType {
  return class extends avro.types.LogicalType {
    protected override _fromValue(value: LongValue): number {
      const units = BigInt(value);
      // Floor division, so that a time before 1970 rounds down like a positive one.
      const ms = units / unitsPerMs - (units % unitsPerMs < 0n ? 1n : 0n);
      return Number(ms);
    }

    // The underlying long is avsc's own (numbers within 2^53: microseconds until the year 2255).
    protected override _toValue(value: unknown): number | undefined {
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      return value * Number(unitsPerMs);
    }

    protected override _resolve(writer: avro.Type): ((value: unknown) => unknown) | undefined {
      return writer.typeName === 'long' || writer.typeName === 'abstract:long' ? (value) => this._fromValue(value as LongValue) : undefined;
    }
  };
}

/** `date`: days since 1970-01-01 as the int it is (our DATE), named so that columns read as DATE. */
class DateType extends avro.types.LogicalType {
  protected override _fromValue(days: number): number {
    return days;
  }

  protected override _toValue(value: unknown): number | undefined {
    return Number.isInteger(value) ? (value as number) : undefined;
  }

  protected override _resolve(writer: avro.Type): ((value: unknown) => unknown) | undefined {
    return writer.typeName === 'int' ? (value) => value : undefined;
  }
}

const LOGICAL_TYPES = {
  decimal: DecimalType,
  date: DateType,
  'timestamp-millis': timestampType(1n),
  'timestamp-micros': timestampType(1000n),
  'local-timestamp-millis': timestampType(1n),
  'local-timestamp-micros': timestampType(1000n),
};

/**
 * The avsc type of an Avro schema (its JSON text, or the parsed schema), with the value
 * representations above; unions of null and one type read and write as that type or null.
 * Throws CONFIG naming what is wrong.
 */
export function avroType(schema: string | object, what: string): avro.Type {
  let parsed: unknown = schema;
  if (typeof schema === 'string') {
    try {
      parsed = JSON.parse(schema);
    } catch (error) {
      throw new FerrisError('CONFIG', `${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  try {
    return avro.Type.forSchema(parsed as AvroSchema, { logicalTypes: LOGICAL_TYPES, registry: { long: EXACT_LONG }, wrapUnions: 'auto' });
  } catch (error) {
    if (error instanceof FerrisError) throw error;
    throw new FerrisError('CONFIG', `${what} is not a valid Avro schema: ${(error as Error).message}`, { cause: error });
  }
}

/** The avsc type classes this module's callers inspect. */
export const avroTypes = avro.types;
/** An avsc type. */
export type AvroType = avro.Type;
