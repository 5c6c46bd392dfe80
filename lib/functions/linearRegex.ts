import type { RE2JS } from 're2js';
import { FerrisError, type ErrorCode } from '../types/errors.js';
import { lazyPackage } from '../types/lazyPackage.js';

/*
 * The one place regular expressions are compiled: the RE2 engine (the `re2js` port), which
 * matches in time linear in the input whatever the pattern, so that no value can hang a job
 * (`^(a+)+$` on a long run of a's backtracks for ever in JavaScript's engine). RE2 has no
 * backreferences and no lookaround; such patterns are refused with a clear error.
 */

/** The most compiled patterns kept; the oldest entry is dropped beyond it. */
export const REGEX_CACHE_LIMIT = 1000;

/** The RE2 engine, loaded with the first pattern compiled (a job without one does not load it). */
const re2js = lazyPackage<typeof import('re2js')>('re2js');

/** The RE2 flag a SQL regex flag (i, m, s) sets; 0 for any other. */
function flagBit(flag: string): number {
  const { RE2JS: engine } = re2js();
  if (flag === 'i') return engine.CASE_INSENSITIVE;
  if (flag === 'm') return engine.MULTILINE;
  return flag === 's' ? engine.DOTALL : 0;
}

/** A compiled pattern. */
export class LinearRegex {
  /** The engine's own matcher: its submatch search returns groups without a wrapper array. */
  private readonly engine: ReturnType<RE2JS['re2']>;

  constructor(private readonly re2: RE2JS) {
    this.engine = re2.re2();
  }

  /** Whether the pattern matches somewhere in `s`. */
  test(s: string): boolean {
    return this.re2.test(s);
  }

  /** `s` with every match replaced; `$1`.. and `$&` in `replacement` insert groups, `$$` a dollar. */
  replaceAll(s: string, replacement: string): string {
    return this.re2.matcher(s).replaceAll(replacement);
  }

  /** The groups of the first match in `s` (0 is the whole match, null a group that took no part), or null without a match. */
  firstMatch(s: string): readonly (string | null)[] | null {
    return this.engine.findSubmatch(s) as (string | null)[] | null;
  }
}

const cache = new Map<string, LinearRegex>();

/**
 * Compiles a regular expression in RE2 syntax with SQL `flags` (any of i, m, s), reusing a
 * cached instance for the same pattern and flags (at most {@link REGEX_CACHE_LIMIT} entries,
 * oldest dropped first). An invalid pattern throws FerrisError(`code`) naming the function:
 * SQL_TYPE for a constant checked at plan time, EVALUATION for a pattern that arrives with a
 * record. A backreference or lookaround is `not supported yet` (NOT_SUPPORTED at plan time).
 */
export function compileRegex(pattern: string, flags: string, fn: string, code: ErrorCode): LinearRegex {
  const key = `${flags}/${pattern}`;
  let regex = cache.get(key);
  if (regex === undefined) {
    regex = new LinearRegex(compileRe2(pattern, flags, fn, code));
    if (cache.size >= REGEX_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, regex);
  }
  return regex;
}

function compileRe2(pattern: string, flags: string, fn: string, code: ErrorCode): RE2JS {
  let bits = 0;
  for (const flag of flags) bits |= flagBit(flag);
  try {
    return re2js().RE2JS.compile(pattern, bits);
  } catch (cause) {
    const unsupported = unsupportedSyntax(pattern);
    if (unsupported !== undefined) {
      throw new FerrisError(
        code === 'EVALUATION' ? code : 'NOT_SUPPORTED',
        `${fn}: not supported yet: ${unsupported} in regular expression '${pattern}'; patterns run on a linear-time engine (RE2 syntax)`,
        { cause },
      );
    }
    const reason = (cause instanceof Error ? cause.message : String(cause)).replace(/^error parsing regexp: /, '');
    throw new FerrisError(code, `${fn}: invalid regular expression '${pattern}': ${reason}`, { cause });
  }
}

/** The backtracking-only construct a pattern RE2 refused uses, if any. */
function unsupportedSyntax(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const next = pattern[i + 1];
    if (c === '\\') {
      if (next !== undefined && ((next >= '1' && next <= '9') || next === 'k')) return 'backreferences (\\1, \\k<name>)';
      i++;
    } else if (c === '(' && next === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) return 'lookahead ((?= and (?!)';
      if (rest === '<=' || rest === '<!') return 'lookbehind ((?<= and (?<!)';
    }
  }
  return undefined;
}

/** The number of cached patterns (for tests of the bound). */
export function regexCacheSize(): number {
  return cache.size;
}

/** Escapes every regular-expression metacharacter of `text` so it matches literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
