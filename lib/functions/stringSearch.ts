import { BOOLEAN, INTEGER, STRING } from '../types/sqlType.js';
import { expectArgument, expectArguments } from './argumentTypes.js';
import { codePointIndex, codeUnitIndex } from './codePoints.js';
import { bound, defineFunction } from './define.js';
import { anyNull, integerOf, textOf } from './runtimeValues.js';
import type { ScalarFunction } from './types.js';

/** The 1-based character position of `sub` in `s` at or after 1-based `start`, or 0. */
function position(sub: string, s: string, start: number): number {
  const from = codeUnitIndex(s, Math.max(start, 1) - 1);
  const found = s.indexOf(sub, from);
  return found < 0 ? 0 : codePointIndex(s, found) + 1;
}

const POSITION = defineFunction({
  name: 'POSITION',
  category: 'string',
  signature: 'POSITION(sub, s [, start])',
  description: 'The 1-based position of the first sub in s at or after start (default 1), 0 when absent.',
  minArgs: 2,
  maxArgs: 3,
  bind(argTypes) {
    expectArgument('POSITION', argTypes, 0, ['STRING']);
    expectArgument('POSITION', argTypes, 1, ['STRING']);
    if (argTypes.length === 3) expectArgument('POSITION', argTypes, 2, ['INTEGER']);
    const count = argTypes.length;
    return bound(INTEGER, (args) => {
      if (anyNull(args, count)) return null;
      const start = count === 3 ? integerOf(args[2], 'POSITION', 3) : 1;
      return position(textOf(args[0]), textOf(args[1]), start);
    });
  },
});

const STRPOS = defineFunction({
  name: 'STRPOS',
  aliases: ['INSTR'],
  category: 'string',
  signature: 'STRPOS(s, sub)',
  description: 'The 1-based position of the first sub in s, 0 when absent (POSITION with the arguments swapped).',
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes) {
    expectArguments('STRPOS', argTypes, ['STRING']);
    return bound(INTEGER, (args) => (anyNull(args, 2) ? null : position(textOf(args[1]), textOf(args[0]), 1)));
  },
});

const REPLACE = defineFunction({
  name: 'REPLACE',
  category: 'string',
  signature: 'REPLACE(s, from, to)',
  description: 's with every occurrence of from replaced by to (an empty from changes nothing).',
  minArgs: 3,
  maxArgs: 3,
  bind(argTypes) {
    expectArguments('REPLACE', argTypes, ['STRING']);
    return bound(STRING, (args) => {
      if (anyNull(args, 3)) return null;
      const s = textOf(args[0]);
      const from = textOf(args[1]);
      if (from === '') return s;
      const to = textOf(args[2]);
      return s.replaceAll(from, () => to);
    });
  },
});

function affixTest(name: 'STARTS_WITH' | 'ENDS_WITH'): ScalarFunction {
  const starts = name === 'STARTS_WITH';
  return defineFunction({
    name,
    category: 'string',
    signature: `${name}(s, ${starts ? 'prefix' : 'suffix'})`,
    description: `Whether s ${starts ? 'starts' : 'ends'} with the given ${starts ? 'prefix' : 'suffix'}.`,
    minArgs: 2,
    maxArgs: 2,
    bind(argTypes) {
      expectArguments(name, argTypes, ['STRING']);
      return bound(BOOLEAN, (args) => {
        if (anyNull(args, 2)) return null;
        const s = textOf(args[0]);
        const affix = textOf(args[1]);
        return starts ? s.startsWith(affix) : s.endsWith(affix);
      });
    },
  });
}

/** POSITION, STRPOS, REPLACE, STARTS_WITH, ENDS_WITH. */
export const STRING_SEARCH_FUNCTIONS: readonly ScalarFunction[] = [
  POSITION,
  STRPOS,
  REPLACE,
  affixTest('STARTS_WITH'),
  affixTest('ENDS_WITH'),
];
