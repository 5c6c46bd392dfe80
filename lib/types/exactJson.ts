/*
 * JSON with exact numbers. `JSON.parse` reads every number as a double, which cannot carry
 * more than 15 significant digits exactly nor values beyond the double's range. A double read
 * from text of at most 15 significant digits in the normal range always shows that text again
 * as its shortest form, so only longer numbers and 3-digit exponents are at risk: a record with
 * none of those (checked by one regex over its text) keeps `JSON.parse`'s result as it is; one
 * with them is read again by a small reader that keeps such numbers as {@link JsonNumberText}.
 */

/**
 * A JSON number a double cannot carry exactly (more than 15 significant digits, or beyond the
 * double's range), kept as its text (JSON number syntax: `-?int(.frac)?([eE][+-]?exp)?`).
 */
export class JsonNumberText {
  constructor(readonly text: string) {}

  /** The nearest double (±Infinity or 0 beyond the double's range). */
  get value(): number {
    return Number(this.text);
  }

  /** `JSON.stringify` writes the nearest double, as for any JSON number. */
  toJSON(): number {
    return this.value;
  }
}

/*
 * Text that may hold a number a double cannot carry: 16 digits or points in a row (a number
 * with more than 15 significant digits has them), or an exponent of 3 digits or more (the only
 * way to leave the double's range with fewer digits). Strings that look so only cost a re-read.
 * Two regexes with the classes spelled out rather than `{16}`: V8 runs them about 6× faster
 * than the single `[0-9.]{16}|[0-9][eE][+-]?[0-9]{3}` (about 0.1 µs a record instead of 0.7).
 */
const LONG_NUMBER = new RegExp('[0-9.]'.repeat(16));
const LONG_EXPONENT = /[0-9][eE][-+]?[0-9][0-9][0-9]/;

/** The smallest positive normal double; below it doubles lose digits. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Parses JSON text like `JSON.parse` (same errors, same objects), except that a number a
 * double cannot carry exactly is a {@link JsonNumberText}. Numbers of at most 15 significant
 * digits within the double's normal range are plain numbers.
 */
export function parseExactJson(text: string): unknown {
  const parsed = JSON.parse(text) as unknown;
  return LONG_NUMBER.test(text) || LONG_EXPONENT.test(text) ? new ExactJsonReader(text).document() : parsed;
}

/** Whether a `parseExactJson` value is a JSON object (not an array, not a kept number). */
export function isJsonObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !(json instanceof JsonNumberText);
}

/**
 * JSON text of a `parseExactJson` value, numbers kept as {@link JsonNumberText} written with
 * their own digits (as `JSON.stringify` would write everything else).
 */
export function stringifyExactJson(json: unknown): string {
  if (json instanceof JsonNumberText) return json.text;
  if (Array.isArray(json)) return `[${json.map((item) => (item === undefined ? 'null' : stringifyExactJson(item))).join(',')}]`;
  if (isJsonObject(json)) {
    const members: string[] = [];
    for (const key of Object.keys(json)) {
      if (json[key] !== undefined) members.push(`${JSON.stringify(key)}:${stringifyExactJson(json[key])}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(json) ?? 'null';
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Reads text `JSON.parse` has already accepted (so it does not check the syntax again), keeping
 * numbers a double cannot carry as {@link JsonNumberText}.
 */
class ExactJsonReader {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    return this.value();
  }

  private skipSpace(): void {
    const text = this.text;
    let c = text.charCodeAt(this.at);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++this.at);
  }

  private value(): unknown {
    this.skipSpace();
    const c = this.text.charCodeAt(this.at);
    if (c === 123) return this.object();
    if (c === 91) return this.array();
    if (c === QUOTE) return this.string();
    if (c === 116) return this.literal(4, true);
    if (c === 102) return this.literal(5, false);
    if (c === 110) return this.literal(4, null);
    return this.number();
  }

  private literal(length: number, value: boolean | null): boolean | null {
    this.at += length;
    return value;
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === 125) {
      this.at++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const key = this.string();
      this.skipSpace();
      this.at++; // ':'
      const item = this.value();
      // Like JSON.parse, `__proto__` is an own member, not the prototype.
      Object.defineProperty(out, key, { value: item, writable: true, enumerable: true, configurable: true });
      this.skipSpace();
      if (this.text.charCodeAt(this.at++) === 125) return out;
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.at++;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === 93) {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      if (this.text.charCodeAt(this.at++) === 93) return out;
    }
  }

  private string(): string {
    const text = this.text;
    const start = this.at;
    let escaped = false;
    let i = start + 1;
    for (let c = text.charCodeAt(i); c !== QUOTE; c = text.charCodeAt(++i)) {
      if (c === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    this.at = i + 1;
    return escaped ? (JSON.parse(text.slice(start, this.at)) as string) : text.slice(start + 1, i);
  }

  private number(): number | JsonNumberText {
    const text = this.text;
    const start = this.at;
    let i = start;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || c === 101 || c === 69 || c === 45 || c === 43 || c === 46)) break;
    }
    this.at = i;
    return exactJsonNumber(text.slice(start, i));
  }
}

/**
 * The value `parseExactJson` gives a JSON number token: a plain number when a double carries
 * it exactly (at most 15 significant digits, in the double's normal range), else a
 * {@link JsonNumberText} keeping the token.
 */
export function exactJsonNumber(token: string): number | JsonNumberText {
  let digits = 0;
  let nonZero = false;
  let exponent = false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (!exponent) {
        digits++;
        if (c !== 48) nonZero = true;
      }
    } else if (c === 101 || c === 69) exponent = true;
  }
  if (digits > 15) return new JsonNumberText(token);
  const x = Number(token);
  if (!exponent) return x;
  const magnitude = Math.abs(x);
  const exact = magnitude === Infinity ? false : magnitude === 0 ? !nonZero : magnitude >= MIN_NORMAL;
  return exact ? x : new JsonNumberText(token);
}
