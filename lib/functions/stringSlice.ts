import { FerrisError } from '../types/errors.js';
import { STRING } from '../types/sqlType.js';
import { expectArgument } from './argumentTypes.js';
import { codePointLength, codePointSlice } from './codePoints.js';
import { bound, defineFunction } from './define.js';
import { anyNull, integerOf, textOf } from './runtimeValues.js';
import type { ScalarFunction } from './types.js';

/** The longest string LPAD/RPAD build, so a typo cannot exhaust memory. */
const MAX_PAD_LENGTH = 10_000_000;

/** Postgres SUBSTRING: characters from 1-based `start`, `length` of them (to the end if omitted). */
function substring(s: string, start: number, length: number | undefined): string {
  if (length === undefined) return codePointSlice(s, Math.max(start, 1) - 1, Infinity);
  if (length < 0) throw new FerrisError('EVALUATION', `SUBSTRING: negative length ${length} is not allowed`);
  const end = start + length;
  const from = Math.max(start, 1);
  return end <= from ? '' : codePointSlice(s, from - 1, end - 1);
}

/** The first n characters; a negative n drops the last |n|. */
function left(s: string, n: number): string {
  return n >= 0 ? codePointSlice(s, 0, n) : codePointSlice(s, 0, Math.max(0, codePointLength(s) + n));
}

/** The last n characters; a negative n drops the first |n|. */
function right(s: string, n: number): string {
  const length = codePointLength(s);
  return n >= 0 ? codePointSlice(s, Math.max(0, length - n), length) : codePointSlice(s, Math.min(length, -n), length);
}

/** Pads (or truncates) `s` to `length` characters with `fill` on the left or right. */
function pad(fn: string, s: string, length: number, fill: string, onLeft: boolean): string {
  if (length <= 0) return '';
  if (length > MAX_PAD_LENGTH) {
    throw new FerrisError('EVALUATION', `${fn}: length ${length} is larger than the limit ${MAX_PAD_LENGTH}`);
  }
  const current = codePointLength(s);
  if (current >= length) return codePointSlice(s, 0, length);
  if (fill === '') return s;
  const missing = length - current;
  const fillLength = codePointLength(fill);
  const padding = codePointSlice(fill.repeat(Math.ceil(missing / fillLength)), 0, missing);
  return onLeft ? padding + s : s + padding;
}

const SUBSTRING = defineFunction({
  name: 'SUBSTRING',
  aliases: ['SUBSTR'],
  category: 'string',
  signature: 'SUBSTRING(s, start [, length])',
  description: 'The characters of s from the 1-based position start, length of them (to the end when omitted).',
  minArgs: 2,
  maxArgs: 3,
  bind(argTypes) {
    expectArgument('SUBSTRING', argTypes, 0, ['STRING']);
    expectArgument('SUBSTRING', argTypes, 1, ['INTEGER']);
    if (argTypes.length === 2) {
      return bound(STRING, (args) =>
        anyNull(args, 2) ? null : substring(textOf(args[0]), integerOf(args[1], 'SUBSTRING', 2), undefined),
      );
    }
    expectArgument('SUBSTRING', argTypes, 2, ['INTEGER']);
    return bound(STRING, (args) =>
      anyNull(args, 3)
        ? null
        : substring(textOf(args[0]), integerOf(args[1], 'SUBSTRING', 2), integerOf(args[2], 'SUBSTRING', 3)),
    );
  },
});

function leftOrRight(name: 'LEFT' | 'RIGHT'): ScalarFunction {
  const cut = name === 'LEFT' ? left : right;
  const which = name === 'LEFT' ? 'first' : 'last';
  const other = name === 'LEFT' ? 'last' : 'first';
  return defineFunction({
    name,
    category: 'string',
    signature: `${name}(s, n)`,
    description: `The ${which} n characters of s; a negative n drops the ${other} |n| characters.`,
    minArgs: 2,
    maxArgs: 2,
    bind(argTypes) {
      expectArgument(name, argTypes, 0, ['STRING']);
      expectArgument(name, argTypes, 1, ['INTEGER']);
      return bound(STRING, (args) => (anyNull(args, 2) ? null : cut(textOf(args[0]), integerOf(args[1], name, 2))));
    },
  });
}

function padFunction(name: 'LPAD' | 'RPAD'): ScalarFunction {
  const onLeft = name === 'LPAD';
  return defineFunction({
    name,
    category: 'string',
    signature: `${name}(s, length [, fill])`,
    description: `s padded on the ${onLeft ? 'left' : 'right'} with fill (default a space) to length characters, or truncated to length.`,
    minArgs: 2,
    maxArgs: 3,
    bind(argTypes) {
      expectArgument(name, argTypes, 0, ['STRING']);
      expectArgument(name, argTypes, 1, ['INTEGER']);
      if (argTypes.length === 3) expectArgument(name, argTypes, 2, ['STRING']);
      const count = argTypes.length;
      return bound(STRING, (args) => {
        if (anyNull(args, count)) return null;
        const fill = count === 3 ? textOf(args[2]) : ' ';
        return pad(name, textOf(args[0]), integerOf(args[1], name, 2), fill, onLeft);
      });
    },
  });
}

/** SUBSTRING, LEFT, RIGHT, LPAD, RPAD. */
export const STRING_SLICE_FUNCTIONS: readonly ScalarFunction[] = [
  SUBSTRING,
  leftOrRight('LEFT'),
  leftOrRight('RIGHT'),
  padFunction('LPAD'),
  padFunction('RPAD'),
];
