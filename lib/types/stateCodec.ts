import { Decimal, isDecimal } from './decimal.js';
import { FerrisError } from './errors.js';
import type { Value } from './value.js';

/**
 * A JSON-safe value: what a snapshot of operator or accumulator state is made of, so that a
 * checkpoint can be written as JSON text (a file, a changelog topic) and read back unchanged.
 */
export type StateValue = null | boolean | number | string | StateValue[] | { readonly [key: string]: StateValue };

/**
 * Tags of the encoded forms that JSON cannot hold directly. An encoded object always has the
 * key `$` naming its tag, so a plain object (a STRUCT value) is itself tagged `obj`.
 */
type Tagged =
  | { $: 'big'; v: string }
  | { $: 'num'; v: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { $: 'dec'; v: string; s: number }
  | { $: 'map'; e: StateValue[] }
  | { $: 'set'; e: StateValue[] }
  | { $: 'typed'; t: TypedArrayName; b: string }
  | { $: 'undef' }
  | { $: 'obj'; f: { [key: string]: StateValue } }
  | { $: 'fields'; f: { [key: string]: StateValue } };

const TYPED_ARRAYS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type TypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

function typedArrayName(v: object): TypedArrayName | undefined {
  const name = v.constructor.name;
  return name in TYPED_ARRAYS ? (name as TypedArrayName) : undefined;
}

function encodeNumber(n: number): StateValue {
  if (Number.isFinite(n)) return Object.is(n, -0) ? { $: 'num', v: '-0' } : n;
  return { $: 'num', v: Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity' };
}

/**
 * Encodes a piece of state (a SQL value, a number, a Map, a Set, a typed array, or a class
 * instance such as an accumulator: its own fields, functions left out) as a JSON-safe value.
 * Every number, bigint and decimal comes back bit for bit from {@link decodeState}.
 */
export function encodeState(v: unknown): StateValue {
  switch (typeof v) {
    case 'number':
      return encodeNumber(v);
    case 'bigint':
      return { $: 'big', v: v.toString() };
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return { $: 'undef' };
    case 'object':
      return v === null ? null : encodeObject(v);
    default:
      throw new FerrisError('INTERNAL', `cannot snapshot a ${typeof v} as state`);
  }
}

function encodeObject(v: object): StateValue {
  if (Array.isArray(v)) return v.map(encodeState);
  if (isDecimal(v)) return { $: 'dec', v: (v.big ?? v.unscaled).toString(), s: v.scale };
  if (v instanceof Map) return { $: 'map', e: [...v].map(([key, value]) => [encodeState(key), encodeState(value)]) };
  if (v instanceof Set) return { $: 'set', e: [...v].map(encodeState) };
  const typed = typedArrayName(v);
  if (typed !== undefined) {
    const view = v as TypedArray;
    return { $: 'typed', t: typed, b: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64') };
  }
  const fields: { [key: string]: StateValue } = {};
  for (const [key, value] of Object.entries(v)) if (typeof value !== 'function') fields[key] = encodeState(value);
  return { $: Object.getPrototypeOf(v) === Object.prototype ? 'obj' : 'fields', f: fields };
}

/** Reads back what {@link encodeState} wrote; a class instance's fields need {@link restoreFields}. */
export function decodeState(s: StateValue): unknown {
  if (s === null || typeof s !== 'object') return s;
  if (Array.isArray(s)) return s.map(decodeState);
  const tagged = s as Tagged;
  switch (tagged.$) {
    case 'big':
      return BigInt(tagged.v);
    case 'num':
      return tagged.v === '-0' ? -0 : Number(tagged.v);
    case 'dec':
      return Decimal.fromUnscaled(BigInt(tagged.v), tagged.s);
    case 'map':
      return new Map(tagged.e.map((entry) => (entry as StateValue[]).map(decodeState) as [unknown, unknown]));
    case 'set':
      return new Set(tagged.e.map(decodeState));
    case 'typed': {
      const bytes = Buffer.from(tagged.b, 'base64');
      const Ctor = TYPED_ARRAYS[tagged.t];
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return new Ctor(copy.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
    case 'undef':
      return undefined;
    case 'obj': {
      const out: { [key: string]: unknown } = {};
      for (const [key, value] of Object.entries(tagged.f)) out[key] = decodeState(value);
      return out;
    }
    case 'fields':
      throw new FerrisError('INTERNAL', 'the state of a class instance can only be restored into an instance (restoreFields)');
    default:
      throw new FerrisError('INTERNAL', `unreadable state value ${JSON.stringify(s).slice(0, 80)}`);
  }
}

/**
 * Restores into `target` (a fresh instance of the class that was encoded) the fields an
 * {@link encodeState} of an instance wrote; a field holding another class instance (a nested
 * accumulator, a sketch) is restored into the fresh one in place. Returns `target`.
 */
export function restoreFields<T extends object>(target: T, s: StateValue): T {
  const tagged = s as Tagged;
  if (s === null || typeof s !== 'object' || Array.isArray(s) || tagged.$ !== 'fields') {
    throw new FerrisError('INTERNAL', `the state of a ${target.constructor.name} must be its fields, got ${JSON.stringify(s).slice(0, 80)}`);
  }
  const fields = target as unknown as { [key: string]: unknown };
  for (const [key, value] of Object.entries(tagged.f)) {
    const isInstance = value !== null && typeof value === 'object' && !Array.isArray(value) && (value as Tagged).$ === 'fields';
    if (!isInstance) {
      fields[key] = decodeState(value);
      continue;
    }
    const into = fields[key];
    if (into === null || typeof into !== 'object') {
      throw new FerrisError('INTERNAL', `cannot restore field '${key}' of a ${target.constructor.name}: the fresh instance holds no object there`);
    }
    restoreFields(into, value);
  }
  return target;
}

/** Encodes a row (positional SQL values) for a snapshot. */
export function encodeRow(row: readonly Value[]): StateValue {
  return row.map(encodeState);
}

/** Decodes a row written by {@link encodeRow}. */
export function decodeRow(s: StateValue): Value[] {
  return decodeState(s) as Value[];
}
