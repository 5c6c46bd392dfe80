import { FerrisError } from '../types/errors.js';
import { compileRegex, escapeRegex } from './linearRegex.js';

/*
 * LIKE and ILIKE: `%` matches any run of characters, `_` exactly one character (code point),
 * everything else matches itself, regular-expression metacharacters included. The escape
 * character (default backslash, like PostgreSQL; '' for none) makes the next `%`, `_` or
 * escape character literal. Common shapes skip the regular expression: 'abc', 'abc%',
 * '%abc', '%abc%'. Other shapes run on the linear-time regex engine (lib/functions/linearRegex.ts):
 * a backtracking engine takes time growing with the input to the power of the number of `%`.
 */

/** A LIKE pattern split into literal pieces and wildcards. */
type Token = { readonly literal: string } | { readonly wildcard: '%' | '_' };

function tokenize(pattern: string, escape: string): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escape !== '' && c === escape) {
      const next = chars[i + 1];
      if (next === undefined) {
        throw new FerrisError('EVALUATION', `LIKE pattern '${pattern}' must not end with the escape character '${escape}'`);
      }
      literal += next;
      i++;
    } else if (c === '%' || c === '_') {
      if (literal !== '') tokens.push({ literal });
      literal = '';
      // Consecutive '%' are one.
      const last = tokens[tokens.length - 1];
      if (!(c === '%' && last !== undefined && 'wildcard' in last && last.wildcard === '%')) tokens.push({ wildcard: c });
    } else {
      literal += c;
    }
  }
  if (literal !== '') tokens.push({ literal });
  return tokens;
}

const isAny = (t: Token | undefined): boolean => t !== undefined && 'wildcard' in t && t.wildcard === '%';
const literalOf = (t: Token | undefined): string | undefined => (t !== undefined && 'literal' in t ? t.literal : undefined);

/** A plain string test for the shapes '', 'lit', 'lit%', '%lit', '%lit%', '%', or undefined. */
function fastPath(tokens: readonly Token[]): ((s: string) => boolean) | undefined {
  if (tokens.length === 0) return (s) => s === '';
  const first = tokens[0];
  const only = literalOf(first);
  if (tokens.length === 1) return only !== undefined ? (s) => s === only : isAny(first) ? () => true : undefined;
  if (tokens.length === 2) {
    const second = tokens[1];
    const head = literalOf(first);
    const tail = literalOf(second);
    if (head !== undefined && isAny(second)) return (s) => s.startsWith(head);
    if (isAny(first) && tail !== undefined) return (s) => s.endsWith(tail);
  }
  if (tokens.length === 3 && isAny(tokens[0]) && isAny(tokens[2])) {
    const middle = literalOf(tokens[1]);
    if (middle !== undefined) return (s) => s.includes(middle);
  }
  return undefined;
}

/**
 * Compiles a LIKE (or, with `caseInsensitive`, ILIKE) pattern into a matcher of whole strings.
 * `escape` defaults to a backslash; pass '' for none. Throws FerrisError('EVALUATION') when the
 * pattern ends with the escape character or the escape is longer than one character.
 */
export function compileLike(pattern: string, caseInsensitive: boolean, escape = '\\'): (s: string) => boolean {
  if (Array.from(escape).length > 1) {
    throw new FerrisError('EVALUATION', `LIKE escape must be a single character or empty, got '${escape}'`);
  }
  const tokens = tokenize(pattern, escape);
  if (!caseInsensitive) {
    const fast = fastPath(tokens);
    if (fast !== undefined) return fast;
  }
  let source = '^';
  for (const t of tokens) {
    if ('literal' in t) source += escapeRegex(t.literal);
    else source += t.wildcard === '%' ? '.*' : '.';
  }
  const regex = compileRegex(`${source}$`, caseInsensitive ? 'is' : 's', 'LIKE', 'INTERNAL');
  return (s) => regex.test(s);
}
