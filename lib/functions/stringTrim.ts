import { STRING, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { expectArguments } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { compileRegex, escapeRegexClass } from './regexCache.js';
import { textOf } from './runtimeValues.js';
import type { BoundFunction, ScalarFunction } from './types.js';

type Side = 'both' | 'leading' | 'trailing';

/** The regex removing any run of the characters of `chars` from the given side(s). */
function trimPattern(chars: string, side: Side): string {
  const set = `[${escapeRegexClass(chars)}]+`;
  if (side === 'leading') return `^${set}`;
  if (side === 'trailing') return `${set}$`;
  return `^${set}|${set}$`;
}

/** Removes characters of `chars` (a constant or per-row set) from the side(s). */
function trimChars(s: string, chars: string, side: Side, fn: string): string {
  if (chars === '') return s;
  return s.replace(compileRegex(trimPattern(chars, side), 'gu', fn, 'EVALUATION'), '');
}

function bindTrim(fn: string, side: Side, argTypes: readonly SqlType[], constants: readonly (Value | undefined)[]): BoundFunction {
  expectArguments(fn, argTypes, ['STRING']);
  if (argTypes.length === 1) {
    const trim =
      side === 'both' ? (s: string) => s.trim() : side === 'leading' ? (s: string) => s.trimStart() : (s: string) => s.trimEnd();
    return bound(STRING, (args) => {
      const s = args[0];
      return s === null ? null : trim(textOf(s));
    });
  }
  const constantChars = constants[1];
  if (typeof constantChars === 'string' && constantChars !== '') {
    const regex = compileRegex(trimPattern(constantChars, side), 'gu', fn, 'SQL_TYPE');
    return bound(STRING, (args) => {
      const s = args[0];
      return s === null ? null : textOf(s).replace(regex, '');
    });
  }
  return bound(STRING, (args) => {
    const s = args[0];
    const chars = args[1];
    return s === null || chars === null ? null : trimChars(textOf(s), textOf(chars), side, fn);
  });
}

function trimFunction(name: string, side: Side, where: string): ScalarFunction {
  return defineFunction({
    name,
    category: 'string',
    signature: `${name}(s [, chars])`,
    description: `Removes whitespace (or any of the characters in chars) from ${where} of s.`,
    minArgs: 1,
    maxArgs: 2,
    bind: (argTypes, constants) => bindTrim(name, side, argTypes, constants),
  });
}

/** TRIM, LTRIM, RTRIM. */
export const STRING_TRIM_FUNCTIONS: readonly ScalarFunction[] = [
  trimFunction('TRIM', 'both', 'both ends'),
  trimFunction('LTRIM', 'leading', 'the start'),
  trimFunction('RTRIM', 'trailing', 'the end'),
];
