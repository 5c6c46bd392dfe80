import { INTEGER } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { aggregateTypeError, defineAggregate } from './define.js';
import { mergeable } from './mergeable.js';
import type { Accumulator, AggregateFunction, BoundAggregate } from './types.js';

/** COUNT(*): every row. */
class CountRowsAccumulator implements Accumulator {
  count = 0;

  add(): void {
    this.count++;
  }

  merge(other: Accumulator): void {
    this.count += mergeable(other, CountRowsAccumulator).count;
  }

  result(): Value {
    return this.count;
  }
}

/** COUNT(x): rows where x is not NULL. */
class CountValuesAccumulator implements Accumulator {
  count = 0;

  add(args: readonly Value[]): void {
    if (args[0] !== null) this.count++;
  }

  merge(other: Accumulator): void {
    this.count += mergeable(other, CountValuesAccumulator).count;
  }

  result(): Value {
    return this.count;
  }
}

const COUNT_ROWS: BoundAggregate = { returnType: INTEGER, create: () => new CountRowsAccumulator() };
const COUNT_VALUES: BoundAggregate = { returnType: INTEGER, create: () => new CountValuesAccumulator() };

const COUNT = defineAggregate({
  name: 'COUNT',
  signature: 'COUNT(*) | COUNT([DISTINCT] x)',
  description: 'The number of rows (COUNT(*)) or of non-NULL values of x; 0 over no rows.',
  minArgs: 0,
  maxArgs: 1,
  allowsStar: true,
  bindsNullArguments: true,
  bind(argTypes, _parameters, star) {
    if (star) return COUNT_ROWS;
    if (argTypes.length === 0) throw aggregateTypeError('COUNT', 'expects * or 1 value argument: COUNT(*) | COUNT([DISTINCT] x)');
    return COUNT_VALUES;
  },
});

const COUNT_DISTINCT = defineAggregate({
  name: 'COUNT_DISTINCT',
  signature: 'COUNT_DISTINCT(x)',
  description: 'The number of distinct non-NULL values of x, exactly: the same as COUNT(DISTINCT x).',
  minArgs: 1,
  maxArgs: 1,
  bindsNullArguments: true,
  distinctIrrelevant: true,
  bind(argTypes, parameters) {
    return COUNT.bind(argTypes, parameters, { distinct: true, star: false });
  },
});

/** COUNT and COUNT_DISTINCT. */
export const COUNT_FUNCTIONS: readonly AggregateFunction[] = [COUNT, COUNT_DISTINCT];
