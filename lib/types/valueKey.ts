import { Decimal, isDecimal } from './decimal.js';
import { shortestDecimal } from './compare.js';
import type { StructValue, Value } from './value.js';

/*
 * Hashable keys for GROUP BY, DISTINCT and hash joins: two values equal under `valuesEqual`
 * give the same key, different values different keys.
 *
 * Numbers become number keys whenever a double represents the value exactly in the sense of
 * `compareValues` (a double stands for its shortest decimal): doubles key as themselves,
 * DECIMAL 1.50 and 1.5 and the double 1.5 all key as 1.5, 2n as 2. Only numbers no double
 * stands for (more than 15 significant digits and no shortest-decimal match) get a string
 * key. Strings key as themselves; every other key is a string starting with U+0000 and a tag
 * letter, and a string that itself starts with U+0000 gets one more U+0000 in front.
 */

const TAG = '\u0000';
const NULL_KEY = `${TAG}N`;
const TRUE_KEY = `${TAG}T`;
const FALSE_KEY = `${TAG}F`;

/** Decimals whose unscaled value is below 10^15 round-trip exactly through a double. */
const EXACT_DOUBLE_LIMIT = 1e15;

/** The key of an exact number given its nearest double: that double when it stands for the value. */
function exactNumberKey(approx: number, standsFor: (x: number) => boolean, text: () => string): number | string {
  return standsFor(approx) ? approx : `${TAG}D${text()}`;
}

/** Decimal text without trailing fraction zeros: 1.500 → 1.5, 2.00 → 2. */
function normalizedText(d: Decimal): string {
  const text = d.toString();
  if (d.scale === 0) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}

/** The key of a Decimal. */
function decimalKey(d: Decimal): number | string {
  if (d.big === null && d.unscaled < EXACT_DOUBLE_LIMIT && d.unscaled > -EXACT_DOUBLE_LIMIT) return d.toNumber();
  return exactNumberKey(d.toNumber(), (x) => shortestDecimal(x)?.equals(d) === true, () => normalizedText(d));
}

/** The key of a bigint. */
function bigintKey(b: bigint): number | string {
  const approx = Number(b);
  if (Number.isSafeInteger(approx) && BigInt(approx) === b) return approx;
  return exactNumberKey(approx, (x) => shortestDecimal(x)?.equals(Decimal.fromInteger(b)) === true, () => b.toString());
}

/** The key of a string value (strings starting with U+0000 are escaped). */
function stringKey(s: string): string {
  return s.charCodeAt(0) === 0 ? TAG + s : s;
}

/** Keys of keyed entries (map or struct) in sorted key order, as one string. */
function entriesKey(tag: string, keys: string[], get: (k: string) => Value): string {
  keys.sort();
  const parts: Value[] = [];
  for (const k of keys) parts.push(k, get(k));
  return `${TAG}${tag}${rowKey(parts)}`;
}

/**
 * A hashable key (usable in a `Map`) for a value: equal values (1.50 vs 1.5 DECIMAL, 2 vs 2n,
 * 0.1 double vs DECIMAL 0.1) give equal keys, NULLs all give one key.
 */
export function valueKey(v: Value): string | number {
  if (typeof v === 'number' || typeof v === 'string') return typeof v === 'string' ? stringKey(v) : v;
  if (v === null) return NULL_KEY;
  if (typeof v === 'boolean') return v ? TRUE_KEY : FALSE_KEY;
  if (typeof v === 'bigint') return bigintKey(v);
  if (isDecimal(v)) return decimalKey(v);
  if (Array.isArray(v)) return `${TAG}A${rowKey(v)}`;
  if (v instanceof Map) return entriesKey('M', [...v.keys()], (k) => v.get(k) ?? null);
  const struct: StructValue = v;
  return entriesKey('S', Object.keys(struct), (k) => struct[k] ?? null);
}

/**
 * A key for a compound of values (multi-column GROUP BY, join keys): the {@link valueKey}s in
 * order, each number written as `<digits>|` and each string as `<length>:<text>`, so different
 * tuples never collide.
 */
export function rowKey(values: readonly Value[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += keyPart(values[i]!);
  return out;
}

/** One value's part of a {@link rowKey}: concatenating the parts of a tuple gives its row key. */
export function keyPart(value: Value): string {
  const k = valueKey(value);
  return typeof k === 'number' ? `${k}|` : `${k.length}:${k}`;
}
