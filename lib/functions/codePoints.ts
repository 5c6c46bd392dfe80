/*
 * Strings are measured and cut in Unicode code points (like Postgres characters), not UTF-16
 * code units. The fast path checks once for surrogates and then works on code units.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** The number of code points of `s`. */
export function codePointLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The code points [start, end) of `s` (0-based, clamped to the string). */
export function codePointSlice(s: string, start: number, end: number): string {
  if (!SURROGATE.test(s)) return s.slice(start, end);
  return Array.from(s).slice(Math.max(0, start), Math.max(0, end)).join('');
}

/** The code points of `s` in reverse order. */
export function reverseCodePoints(s: string): string {
  if (!SURROGATE.test(s)) {
    let out = '';
    for (let i = s.length - 1; i >= 0; i--) out += s[i];
    return out;
  }
  return Array.from(s).reverse().join('');
}

/** The 0-based code point index of the code unit index `unitIndex` in `s`. */
export function codePointIndex(s: string, unitIndex: number): number {
  if (!SURROGATE.test(s)) return unitIndex;
  return codePointLength(s.slice(0, unitIndex));
}

/** The code unit index of the 0-based code point index `pointIndex` in `s` (clamped). */
export function codeUnitIndex(s: string, pointIndex: number): number {
  if (!SURROGATE.test(s)) return Math.min(pointIndex, s.length);
  let units = 0;
  let points = 0;
  for (const ch of s) {
    if (points === pointIndex) return units;
    units += ch.length;
    points++;
  }
  return units;
}
