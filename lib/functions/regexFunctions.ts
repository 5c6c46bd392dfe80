import { FerrisError, type ErrorCode } from '../types/errors.js';
import { BOOLEAN, STRING } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { expectArgument } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { compileRegex, type LinearRegex } from './linearRegex.js';
import { anyNull, integerOf, textOf } from './runtimeValues.js';
import type { ScalarFunction } from './types.js';

/*
 * Patterns are RE2 regular expressions, matched in linear time (lib/functions/linearRegex.ts).
 * A constant pattern is compiled once at plan time (an invalid one is a SQL_TYPE error); a
 * pattern that comes with the record goes through the bounded cache of compiled patterns.
 */

/** Flags REGEXP_REPLACE accepts, mapped to the engine's flags (every match is always replaced). */
const REPLACE_FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's', g: '' };

/** The engine flags for SQL flags text, or a FerrisError(code) listing the accepted ones. */
function replaceFlags(flags: string, code: ErrorCode): string {
  let engineFlags = '';
  for (const flag of flags) {
    const mapped = REPLACE_FLAGS[flag];
    if (mapped === undefined) {
      throw new FerrisError(code, `REGEXP_REPLACE: unknown flag '${flag}'; accepted: i, m, s, g`);
    }
    if (!engineFlags.includes(mapped)) engineFlags += mapped;
  }
  return engineFlags;
}

/** A per-row pattern lookup that uses the plan-time compiled regex when the pattern is constant. */
function patternSource(
  fn: string,
  constantPattern: Value | undefined,
  flags: string,
): (pattern: Value) => LinearRegex {
  if (typeof constantPattern === 'string') {
    const regex = compileRegex(constantPattern, flags, fn, 'SQL_TYPE');
    return () => regex;
  }
  return (pattern) => compileRegex(textOf(pattern), flags, fn, 'EVALUATION');
}

const REGEXP = defineFunction({
  name: 'REGEXP',
  aliases: ['REGEXP_LIKE'],
  category: 'string',
  signature: 'REGEXP(s, pattern)',
  description: 'Whether the regular expression pattern matches somewhere in s.',
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes, constants) {
    expectArgument('REGEXP', argTypes, 0, ['STRING']);
    expectArgument('REGEXP', argTypes, 1, ['STRING']);
    const regexOf = patternSource('REGEXP', constants[1], '');
    return bound(BOOLEAN, (args) => (anyNull(args, 2) ? null : regexOf(args[1]).test(textOf(args[0]))));
  },
});

const REGEXP_REPLACE = defineFunction({
  name: 'REGEXP_REPLACE',
  category: 'string',
  signature: 'REGEXP_REPLACE(s, pattern, replacement [, flags])',
  description:
    'Every match of pattern in s replaced by replacement ($1, $& refer to groups); flags: i (ignore case), m (multi-line), s (dot matches newline), g (accepted; all matches are always replaced).',
  minArgs: 3,
  maxArgs: 4,
  bind(argTypes, constants) {
    for (let i = 0; i < argTypes.length; i++) expectArgument('REGEXP_REPLACE', argTypes, i, ['STRING']);
    const count = argTypes.length;
    const constantFlags = count === 4 ? constants[3] : '';
    if (count === 3 || typeof constantFlags === 'string') {
      const flags = replaceFlags(typeof constantFlags === 'string' ? constantFlags : '', 'SQL_TYPE');
      const regexOf = patternSource('REGEXP_REPLACE', constants[1], flags);
      return bound(STRING, (args) =>
        anyNull(args, count) ? null : regexOf(args[1]).replaceAll(textOf(args[0]), textOf(args[2])),
      );
    }
    return bound(STRING, (args) => {
      if (anyNull(args, 4)) return null;
      const regex = compileRegex(textOf(args[1]), replaceFlags(textOf(args[3]), 'EVALUATION'), 'REGEXP_REPLACE', 'EVALUATION');
      return regex.replaceAll(textOf(args[0]), textOf(args[2]));
    });
  },
});

/** Capture group `group` of the first match of `regex` in `s`, or null. */
function extract(regex: LinearRegex, s: string, group: number): string | null {
  const match = regex.firstMatch(s);
  if (match === null) return null;
  if (group < 0 || group >= match.length) {
    throw new FerrisError(
      'EVALUATION',
      `REGEXP_EXTRACT: group ${group} does not exist; the pattern has ${match.length - 1} group(s)`,
    );
  }
  return match[group] ?? null;
}

const REGEXP_EXTRACT = defineFunction({
  name: 'REGEXP_EXTRACT',
  aliases: ['REGEXP_SUBSTR'],
  category: 'string',
  signature: 'REGEXP_EXTRACT(s, pattern [, group])',
  description: 'The first match of pattern in s (or its capture group, default 0 = whole match); NULL without a match.',
  minArgs: 2,
  maxArgs: 3,
  bind(argTypes, constants) {
    expectArgument('REGEXP_EXTRACT', argTypes, 0, ['STRING']);
    expectArgument('REGEXP_EXTRACT', argTypes, 1, ['STRING']);
    if (argTypes.length === 3) expectArgument('REGEXP_EXTRACT', argTypes, 2, ['INTEGER']);
    const count = argTypes.length;
    const regexOf = patternSource('REGEXP_EXTRACT', constants[1], '');
    return bound(STRING, (args) => {
      if (anyNull(args, count)) return null;
      const group = count === 3 ? integerOf(args[2], 'REGEXP_EXTRACT', 3) : 0;
      return extract(regexOf(args[1]), textOf(args[0]), group);
    });
  },
});

/** REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT. */
export const REGEX_FUNCTIONS: readonly ScalarFunction[] = [REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT];
