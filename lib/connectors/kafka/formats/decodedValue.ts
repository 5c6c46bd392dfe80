import { Decimal } from '../../../types/decimal.js';
import { JsonNumberText } from '../../../types/exactJson.js';
import type { SqlType } from '../../../types/sqlType.js';
import type { Value } from '../../../types/value.js';
import { fitsInteger, integerBits, MAX_TIMESTAMP_MS } from '../../../types/valueRange.js';
import { fromJson } from '../../../types/valueText.js';

/**
 * A value as a binary decoder (avsc, protobufjs) gives it: numbers, bigints (64-bit
 * integers), strings, booleans, bytes, {@link Decimal}s (Avro decimals), arrays and objects.
 */
export type DecodedValue = unknown;

/** A decoded value in the form `fromJson` reads: bigints and decimals as exact number text, bytes as base64. */
function asJson(value: DecodedValue): unknown {
  if (typeof value === 'bigint') return new JsonNumberText(value.toString());
  if (value instanceof Decimal) return new JsonNumberText(value.toString());
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(asJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), asJson(v)]));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = asJson((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * The converter of decoded values into a column of `type`, chosen once per column: the
 * common exact cases directly (a string into STRING, a safe integer into INTEGER of its width
 * or into TIMESTAMP within its range, a decimal
 * into DECIMAL rescaled HALF_UP to the column's scale and checked against its precision),
 * the rest through the JSON rules (`fromJson`), so that a 64-bit integer or a decimal keeps
 * every digit and a value out of the column's range is a BAD_RECORD error, as in JSON.
 */
export function decodedValueReader(type: SqlType): (value: DecodedValue) => Value {
  switch (type.kind) {
    case 'STRING':
      return (value) => (typeof value === 'string' ? value : fromJson(asJson(value), type));
    case 'DECIMAL':
      return (value) => (value instanceof Decimal ? value.rescale(type.scale).checkPrecision(type.precision) : fromJson(asJson(value), type));
    case 'INTEGER': {
      const bits = integerBits(type);
      return (value) => {
        if (typeof value === 'number' && Number.isSafeInteger(value) && fitsInteger(value, bits)) return value;
        if (typeof value === 'bigint' && value >= -MAX_SAFE && value <= MAX_SAFE) return fromJson(Number(value), type);
        return fromJson(asJson(value), type);
      };
    }
    case 'TIMESTAMP':
      return (value) => (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_TIMESTAMP_MS ? value : fromJson(asJson(value), type));
    default:
      return (value) => fromJson(asJson(value), type);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
