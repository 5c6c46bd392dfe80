/**
 * Literal text handling for the grammar: unquoting strings and quoted identifiers, and turning
 * the interval forms into a unit and a length in milliseconds.
 */
import type { IntervalUnit } from './ast.js';
import { TIME_UNIT_WORDS } from './keywords.js';

/** Milliseconds per unit; MONTH and YEAR have no fixed length. */
const UNIT_MILLIS: Readonly<Record<IntervalUnit, number | null>> = {
  MILLISECOND: 1,
  SECOND: 1_000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
  MONTH: null,
  YEAR: null,
};

/** Units of the shorthand durations `500ms`, `30s`, `5m`, `1h`, `1d`. */
const SHORTHAND_UNITS: Readonly<Record<string, IntervalUnit>> = {
  ms: 'MILLISECOND',
  s: 'SECOND',
  m: 'MINUTE',
  h: 'HOUR',
  d: 'DAY',
};

const SHORTHAND_PATTERN = /^(\d+)(ms|s|m|h|d)$/i;
const INTERVAL_VALUE_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The accepted interval unit words, for error messages. */
export const INTERVAL_UNIT_NAMES = 'MILLISECOND(S), SECOND(S), MINUTE(S), HOUR(S), DAY(S), MONTH(S), YEAR(S)';

/** Removes the quotes of `'...'` and turns each doubled quote into one. */
export function unquoteString(token: string): string {
  return token.slice(1, -1).replaceAll("''", "'");
}

/** Removes the quotes of `"..."` or `` `...` `` and turns each doubled quote into one. */
export function unquoteIdentifier(token: string): string {
  const quote = token.charAt(0);
  return token.slice(1, -1).replaceAll(quote + quote, quote);
}

/** The unit a unit word names (`seconds` → SECOND), or undefined. */
export function unitOfWord(word: string): IntervalUnit | undefined {
  return TIME_UNIT_WORDS.get(word.toUpperCase());
}

/** True when the text is a plain decimal number, possibly signed (`5`, `-1.5`). */
export function isIntervalValue(text: string): boolean {
  return INTERVAL_VALUE_PATTERN.test(text);
}

/**
 * The length in milliseconds of `value` units, or null when the unit has no fixed length or the
 * result is not a whole number of milliseconds.
 */
export function intervalMillis(value: string, unit: IntervalUnit): number | null {
  const perUnit = UNIT_MILLIS[unit];
  if (perUnit === null) return null;
  const millis = Number(value) * perUnit;
  return Number.isSafeInteger(millis) ? millis : null;
}

/** Splits a shorthand duration (`30s`) into value and unit, or undefined when it is not one. */
export function parseShorthand(text: string): { readonly value: string; readonly unit: IntervalUnit } | undefined {
  const match = SHORTHAND_PATTERN.exec(text);
  if (!match) return undefined;
  const unit = SHORTHAND_UNITS[(match[2] ?? '').toLowerCase()];
  return unit === undefined ? undefined : { value: match[1] ?? '', unit };
}
