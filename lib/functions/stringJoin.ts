import { FerrisError } from '../types/errors.js';
import { arrayType, STRING, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { expectArgument, expectArguments } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { anyNull, integerOf, textConverter, textOf } from './runtimeValues.js';
import type { ScalarFunction } from './types.js';

/** Converts one argument to the pieces it contributes: nothing for NULL, elements for arrays. */
type PieceWriter = (v: Value, pieces: string[]) => void;

/** The writer for an argument of `type`: arrays contribute their non-null elements. */
function pieceWriter(type: SqlType, flattenArrays: boolean): PieceWriter {
  if (flattenArrays && type.kind === 'ARRAY') {
    const element = textConverter(type.element);
    return (v, pieces) => {
      if (v === null) return;
      for (const item of v as Value[]) if (item !== null) pieces.push(element(item));
    };
  }
  const convert = textConverter(type);
  return (v, pieces) => {
    if (v !== null) pieces.push(convert(v));
  };
}

const CONCAT = defineFunction({
  name: 'CONCAT',
  category: 'string',
  signature: 'CONCAT(a, ...)',
  description: 'The arguments as text, concatenated; NULL arguments are skipped (like Postgres).',
  minArgs: 1,
  maxArgs: Infinity,
  bind(argTypes) {
    const converters = argTypes.map((t) => textConverter(t));
    const count = converters.length;
    return bound(STRING, (args) => {
      let out = '';
      for (let i = 0; i < count; i++) {
        const v = args[i];
        if (v !== null) out += converters[i]!(v);
      }
      return out;
    });
  },
});

const JOIN = defineFunction({
  name: 'JOIN',
  aliases: ['CONCAT_WS'],
  category: 'string',
  signature: 'JOIN(sep, a, ...)',
  description:
    'The arguments after sep as text, joined with sep; NULLs are skipped and ARRAY arguments contribute their elements.',
  minArgs: 2,
  maxArgs: Infinity,
  bind(argTypes) {
    expectArgument('JOIN', argTypes, 0, ['STRING']);
    const writers = argTypes.slice(1).map((t) => pieceWriter(t, true));
    const pieces: string[] = [];
    return bound(STRING, (args) => {
      const sep = args[0];
      if (sep === null) return null;
      pieces.length = 0;
      for (let i = 0; i < writers.length; i++) writers[i]!(args[i + 1], pieces);
      return pieces.join(textOf(sep));
    });
  },
});

/** Postgres string_to_array: an empty string has no fields; an empty delimiter splits characters. */
function split(s: string, delimiter: string): string[] {
  if (s === '') return [];
  if (delimiter === '') return Array.from(s);
  return s.split(delimiter);
}

const SPLIT = defineFunction({
  name: 'SPLIT',
  aliases: ['STRING_TO_ARRAY'],
  category: 'string',
  signature: 'SPLIT(s, delimiter)',
  description: 'The fields of s between delimiters, as an ARRAY<STRING> (an empty delimiter splits characters).',
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes) {
    expectArguments('SPLIT', argTypes, ['STRING']);
    return bound(arrayType(STRING), (args) => (anyNull(args, 2) ? null : split(textOf(args[0]), textOf(args[1]))));
  },
});

/** Postgres SPLIT_PART: the 1-based field n, counting from the end when negative; '' when absent. */
function splitPart(s: string, delimiter: string, n: number): string {
  if (n === 0) throw new FerrisError('EVALUATION', 'SPLIT_PART: field position must not be zero');
  if (delimiter === '') return n === 1 || n === -1 ? s : '';
  const fields = s.split(delimiter);
  const index = n > 0 ? n - 1 : fields.length + n;
  return fields[index] ?? '';
}

const SPLIT_PART = defineFunction({
  name: 'SPLIT_PART',
  category: 'string',
  signature: 'SPLIT_PART(s, delimiter, n)',
  description: 'Field n (1-based; negative counts from the end) of s split at delimiter, or an empty string.',
  minArgs: 3,
  maxArgs: 3,
  bind(argTypes) {
    expectArgument('SPLIT_PART', argTypes, 0, ['STRING']);
    expectArgument('SPLIT_PART', argTypes, 1, ['STRING']);
    expectArgument('SPLIT_PART', argTypes, 2, ['INTEGER']);
    return bound(STRING, (args) =>
      anyNull(args, 3) ? null : splitPart(textOf(args[0]), textOf(args[1]), integerOf(args[2], 'SPLIT_PART', 3)),
    );
  },
});

/** CONCAT, JOIN, SPLIT, SPLIT_PART. */
export const STRING_JOIN_FUNCTIONS: readonly ScalarFunction[] = [CONCAT, JOIN, SPLIT, SPLIT_PART];
