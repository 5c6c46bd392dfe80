import { didYouMean } from '../types/didYouMean.js';
import { APPROX_FUNCTIONS } from './approxCountDistinct.js';
import { AVG_FUNCTIONS } from './avg.js';
import { COUNT_FUNCTIONS } from './count.js';
import { FIRST_LAST_FUNCTIONS } from './firstLast.js';
import { MIN_MAX_FUNCTIONS } from './minMax.js';
import { PERCENTILE_FUNCTIONS } from './percentile.js';
import { REGRESSION_FUNCTIONS } from './regression.js';
import { STRING_AGG_FUNCTIONS } from './stringAgg.js';
import { SUM_FUNCTIONS } from './sum.js';
import type { AggregateFunction } from './types.js';
import { VARIANCE_FUNCTIONS } from './variance.js';

/** Every aggregate function, sorted by name. */
const ALL: readonly AggregateFunction[] = [
  ...COUNT_FUNCTIONS,
  ...SUM_FUNCTIONS,
  ...AVG_FUNCTIONS,
  ...MIN_MAX_FUNCTIONS,
  ...FIRST_LAST_FUNCTIONS,
  ...STRING_AGG_FUNCTIONS,
  ...PERCENTILE_FUNCTIONS,
  ...VARIANCE_FUNCTIONS,
  ...REGRESSION_FUNCTIONS,
  ...APPROX_FUNCTIONS,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Upper-case name or alias → aggregate. */
const BY_NAME: ReadonlyMap<string, AggregateFunction> = (() => {
  const map = new Map<string, AggregateFunction>();
  for (const fn of ALL) {
    for (const name of [fn.name, ...fn.aliases]) {
      if (map.has(name)) throw new Error(`aggregate name ${name} is registered twice`);
      map.set(name, fn);
    }
  }
  return map;
})();

/** The aggregate function called `name` (case-insensitive, aliases included), or undefined. */
export function lookupAggregate(name: string): AggregateFunction | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/** Every aggregate function, sorted by name (aliases are listed on each function). */
export function listAggregates(): readonly AggregateFunction[] {
  return ALL;
}

/** The registered aggregate name (or alias) closest to a misspelt `name`, for "did you mean" hints. */
export function suggestAggregate(name: string): string | undefined {
  return didYouMean(name, [...BY_NAME.keys()]);
}
