import { STRING, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { expectArguments } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { textOf } from './runtimeValues.js';
import type { BoundFunction, ScalarFunction } from './types.js';

type Side = 'both' | 'leading' | 'trailing';

/**
 * The function removing any run of the code points of `chars` from the given side(s): one
 * scan from each end (linear, where a regex `[chars]+$` rescans the run from every start).
 */
function charTrimmer(chars: string, side: Side): (s: string) => string {
  const set = new Set<number>();
  for (const c of chars) set.add(c.codePointAt(0)!);
  return (s) => {
    let start = 0;
    let end = s.length;
    if (side !== 'trailing') {
      while (start < end) {
        const code = s.codePointAt(start)!;
        if (!set.has(code)) break;
        start += code > 0xffff ? 2 : 1;
      }
    }
    if (side !== 'leading') {
      while (end > start) {
        const low = s.charCodeAt(end - 1);
        const width = low >= 0xdc00 && low <= 0xdfff && end - 2 >= start && isHighSurrogate(s.charCodeAt(end - 2)) ? 2 : 1;
        if (!set.has(s.codePointAt(end - width)!)) break;
        end -= width;
      }
    }
    return start === 0 && end === s.length ? s : s.slice(start, end);
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
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
    const trim = charTrimmer(constantChars, side);
    return bound(STRING, (args) => {
      const s = args[0];
      return s === null ? null : trim(textOf(s));
    });
  }
  return bound(STRING, (args) => {
    const s = args[0];
    const chars = args[1];
    return s === null || chars === null ? null : charTrimmer(textOf(chars), side)(textOf(s));
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
