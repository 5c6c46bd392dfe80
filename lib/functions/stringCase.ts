import { INTEGER, STRING, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { expectArguments } from './argumentTypes.js';
import { codePointLength, reverseCodePoints } from './codePoints.js';
import { bound, defineFunction } from './define.js';
import { textOf } from './runtimeValues.js';
import type { ScalarFunction } from './types.js';

/** Declares a one-argument string function that maps a non-null string through `body`. */
function stringToValue(
  name: string,
  description: string,
  returnType: SqlType,
  body: (s: string) => Value,
  aliases: readonly string[] = [],
): ScalarFunction {
  return defineFunction({
    name,
    aliases,
    category: 'string',
    signature: `${name}(s)`,
    description,
    minArgs: 1,
    maxArgs: 1,
    bind(argTypes) {
      expectArguments(name, argTypes, ['STRING']);
      return bound(returnType, (args) => {
        const s = args[0];
        return s === null ? null : body(textOf(s));
      });
    },
  });
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Upper-cases the first letter of every word (a run of letters and digits), lower-cases the rest. */
function initCap(s: string): string {
  return s.replace(WORD, (word) => {
    const first = String.fromCodePoint(word.codePointAt(0)!);
    return first.toUpperCase() + word.slice(first.length).toLowerCase();
  });
}

/** One-argument string functions: case, length, reversal. */
export const STRING_CASE_FUNCTIONS: readonly ScalarFunction[] = [
  stringToValue('UPPER', 'The string in upper case (locale-independent).', STRING, (s) => s.toUpperCase(), ['UCASE']),
  stringToValue('LOWER', 'The string in lower case (locale-independent).', STRING, (s) => s.toLowerCase(), ['LCASE']),
  stringToValue('INITCAP', 'Each word with its first letter upper case and the rest lower case.', STRING, initCap),
  stringToValue('REVERSE', 'The characters in reverse order.', STRING, reverseCodePoints),
  stringToValue('LENGTH', 'The number of characters (Unicode code points).', INTEGER, codePointLength, [
    'LEN',
    'CHAR_LENGTH',
    'CHARACTER_LENGTH',
  ]),
];
