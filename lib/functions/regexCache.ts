import { FerrisError, type ErrorCode } from '../types/errors.js';

/** The most compiled patterns kept; the oldest entry is dropped beyond it. */
export const REGEX_CACHE_LIMIT = 1000;

const cache = new Map<string, RegExp>();

/**
 * Compiles a JavaScript regular expression, reusing a cached instance for the same pattern and
 * flags (at most {@link REGEX_CACHE_LIMIT} entries, oldest dropped first). An invalid pattern
 * throws FerrisError(`code`) naming the function: SQL_TYPE for a constant checked at plan time,
 * EVALUATION for a pattern that arrives with a record.
 */
export function compileRegex(pattern: string, flags: string, fn: string, code: ErrorCode): RegExp {
  const key = `${flags}/${pattern}`;
  let regex = cache.get(key);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern, flags);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new FerrisError(code, `${fn}: invalid regular expression '${pattern}': ${reason}`, { cause });
    }
    if (cache.size >= REGEX_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, regex);
  }
  return regex;
}

/** The number of cached patterns (for tests of the bound). */
export function regexCacheSize(): number {
  return cache.size;
}

/** Escapes every regular-expression metacharacter of `text` so it matches literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Escapes `text` for use inside a character class `[...]` of a `u`-flag regular expression. */
export function escapeRegexClass(text: string): string {
  return text.replace(/[\\\]\[^-]/g, '\\$&');
}
