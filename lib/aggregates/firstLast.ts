import type { Value } from '../types/value.js';
import { defineAggregate } from './define.js';
import { mergeable } from './mergeable.js';
import type { Accumulator, AggregateFunction } from './types.js';

/** FIRST_VALUE: the first non-NULL value in arrival order. */
class FirstAccumulator implements Accumulator {
  value: Value = null;

  add(args: readonly Value[]): void {
    if (this.value === null) this.value = args[0]!;
  }

  merge(other: Accumulator): void {
    if (this.value === null) this.value = mergeable(other, FirstAccumulator).value;
  }

  result(): Value {
    return this.value;
  }
}

/** LAST_VALUE: the last non-NULL value in arrival order. */
class LastAccumulator implements Accumulator {
  value: Value = null;

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.value = v;
  }

  merge(other: Accumulator): void {
    const v = mergeable(other, LastAccumulator).value;
    if (v !== null) this.value = v;
  }

  result(): Value {
    return this.value;
  }
}

const FIRST_VALUE = defineAggregate({
  name: 'FIRST_VALUE',
  aliases: ['FIRST'],
  signature: 'FIRST_VALUE(x)',
  description: 'The first non-NULL value of x in arrival order, of the type of x; NULL over no values.',
  minArgs: 1,
  maxArgs: 1,
  distinctIrrelevant: true,
  bind(argTypes) {
    return { returnType: argTypes[0]!, create: () => new FirstAccumulator() };
  },
});

const LAST_VALUE = defineAggregate({
  name: 'LAST_VALUE',
  aliases: ['LAST'],
  signature: 'LAST_VALUE(x)',
  description: 'The last non-NULL value of x in arrival order, of the type of x; NULL over no values.',
  minArgs: 1,
  maxArgs: 1,
  distinctIrrelevant: true,
  bind(argTypes) {
    return { returnType: argTypes[0]!, create: () => new LastAccumulator() };
  },
});

/** FIRST_VALUE and LAST_VALUE. */
export const FIRST_LAST_FUNCTIONS: readonly AggregateFunction[] = [FIRST_VALUE, LAST_VALUE];
