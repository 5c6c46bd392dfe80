import { Decimal } from '../../types/decimal.js';
import type { SqlType } from '../../types/sqlType.js';
import type { Value } from '../../types/value.js';
import { integerBits } from '../../types/valueRange.js';
import { parseText } from '../../types/valueText.js';
import { IsoTimestampParser } from './isoTimestampParser.js';
import { StringInterner } from './stringInterner.js';
import { UTF16_TEXT, type TextForm } from './textForm.js';

const CH_0 = 48;
const CH_MINUS = 45;
const CH_DOT = 46;
/** Digits a safe integer always holds exactly (2^53 has 16). */
const SAFE_DIGITS = 15;
const POW10: readonly number[] = Array.from({ length: SAFE_DIGITS + 1 }, (_, k) => 10 ** k);
/** Decimals whose unscaled magnitude is below this are kept per column once read, and shared. */
const SMALL_UNSCALED = 2048;

/**
 * Reads the field `text[start, end)` (unquoted, not the null spelling) as a value of its
 * column's type, or throws BAD_RECORD as `parseText` would. Chosen once per column.
 */
export type FieldReader = (text: string, start: number, end: number) => Value;

/**
 * The field reader of a column type: STRING through a {@link StringInterner}; DECIMAL(p, s)
 * and INTEGER read the common forms (`-123.45`, at most 15 digits, no more fraction digits
 * than the scale, no spaces) straight from the line into a safe-integer unscaled value,
 * without slicing (decimals of small unscaled magnitude built once per column and shared: they
 * are immutable); a canonical ISO TIMESTAMP takes the per-day cached parse. Everything else,
 * and every field the fast paths do not take, goes through `parseText` on the slice, so
 * values and errors are those of `parseText`. Fields of `form` BYTE_TEXT are turned into text
 * before `parseText` (the fast paths read ASCII, which both forms hold alike).
 */
export function fieldReaderOf(type: SqlType, form: TextForm = UTF16_TEXT): FieldReader {
  switch (type.kind) {
    case 'STRING': {
      const strings = new StringInterner(form);
      return (text, start, end) => strings.intern(text, start, end);
    }
    case 'DECIMAL':
      return decimalReader(type.precision, type.scale, type, form);
    case 'INTEGER':
      return integerReader(type, form);
    case 'TIMESTAMP': {
      const timestamps = new IsoTimestampParser();
      return (text, start, end) => {
        const ms = timestamps.parseAt(text, start, end);
        return Number.isNaN(ms) ? parseText(form.text(text.slice(start, end)), type) : ms;
      };
    }
    default:
      return (text, start, end) => parseText(form.text(text.slice(start, end)), type);
  }
}

/** DECIMAL(precision, scale): `[-]digits[.digits]` in the safe range on the fast path. */
function decimalReader(precision: number, scale: number, type: SqlType, form: TextForm): FieldReader {
  const limit = precision >= 16 ? Number.MAX_SAFE_INTEGER : POW10[precision]!;
  const small: (Decimal | undefined)[] = [];
  return (text, start, end) => {
    let i = start;
    const negative = text.charCodeAt(i) === CH_MINUS;
    if (negative) i++;
    const digitsStart = i;
    let acc = 0;
    let c = 0;
    for (; i < end; i++) {
      c = text.charCodeAt(i) - CH_0;
      if (c < 0 || c > 9) break;
      acc = acc * 10 + c;
    }
    let digits = i - digitsStart;
    let fraction = 0;
    if (i < end && c === CH_DOT - CH_0) {
      const fractionStart = ++i;
      for (; i < end; i++) {
        c = text.charCodeAt(i) - CH_0;
        if (c < 0 || c > 9) break;
        acc = acc * 10 + c;
      }
      fraction = i - fractionStart;
      digits += fraction;
    }
    if (i === end && digits > 0 && digits <= SAFE_DIGITS && fraction <= scale) {
      const unscaled = fraction === scale ? acc : acc * POW10[scale - fraction]!;
      if (unscaled < limit) {
        const signed = negative ? -unscaled : unscaled;
        if (unscaled >= SMALL_UNSCALED) return Decimal.fromUnscaled(signed, scale);
        // Decimals are immutable: a small value (a temperature, a percentage) is built once.
        return (small[signed + SMALL_UNSCALED] ??= Decimal.fromUnscaled(signed, scale));
      }
    }
    return parseText(form.text(text.slice(start, end)), type);
  };
}

/**
 * The value of `text[start, end)` when it is `[-]digits` with at most 15 digits (a safe
 * integer; `-0` gives -0, as `Number` does), else NaN.
 */
export function shortIntegerAt(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === CH_MINUS;
  if (negative) i++;
  const digitsStart = i;
  let acc = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i) - CH_0;
    if (c < 0 || c > 9) return Number.NaN;
    acc = acc * 10 + c;
  }
  const digits = i - digitsStart;
  if (digits === 0 || digits > SAFE_DIGITS) return Number.NaN;
  return negative ? -acc : acc;
}

/** The largest magnitude an INTEGER column of `type` takes on the fast paths: its width's, within 2^53. */
export function fastIntegerLimit(type: SqlType): number {
  const bits = integerBits(type);
  return bits >= 54 ? Number.MAX_SAFE_INTEGER : 2 ** (bits - 1) - 1;
}

/** INTEGER of any width: `[-]digits` within the width and 2^53 on the fast path. */
function integerReader(type: SqlType, form: TextForm): FieldReader {
  const limit = fastIntegerLimit(type);
  return (text, start, end) => {
    const n = shortIntegerAt(text, start, end);
    // `+ 0` reads -0 as 0, as parseText does.
    return Math.abs(n) <= limit ? n + 0 : parseText(form.text(text.slice(start, end)), type);
  };
}
