import { COLLECTION_FUNCTIONS } from './collection.js';
import { CONDITIONAL_FUNCTIONS } from './conditional.js';
import { DATETIME_FUNCTIONS } from './datetime.js';
import { HEADER_FUNCTIONS } from './header.js';
import { JSON_FUNCTIONS } from './jsonFunctions.js';
import { MATH_FUNCTIONS } from './math.js';
import { REGEX_FUNCTIONS } from './regexFunctions.js';
import { ROUNDING_FUNCTIONS } from './rounding.js';
import { STRING_CASE_FUNCTIONS } from './stringCase.js';
import { STRING_JOIN_FUNCTIONS } from './stringJoin.js';
import { STRING_SEARCH_FUNCTIONS } from './stringSearch.js';
import { STRING_SLICE_FUNCTIONS } from './stringSlice.js';
import { STRING_TRIM_FUNCTIONS } from './stringTrim.js';
import { didYouMean } from '../types/didYouMean.js';
import type { ScalarFunction } from './types.js';

/** Every scalar function, sorted by name. */
const ALL: readonly ScalarFunction[] = [
  ...MATH_FUNCTIONS,
  ...ROUNDING_FUNCTIONS,
  ...STRING_CASE_FUNCTIONS,
  ...STRING_TRIM_FUNCTIONS,
  ...STRING_SLICE_FUNCTIONS,
  ...STRING_SEARCH_FUNCTIONS,
  ...STRING_JOIN_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...CONDITIONAL_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...JSON_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...HEADER_FUNCTIONS,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Upper-case name or alias → function. */
const BY_NAME: ReadonlyMap<string, ScalarFunction> = (() => {
  const map = new Map<string, ScalarFunction>();
  for (const fn of ALL) {
    for (const name of [fn.name, ...fn.aliases]) {
      if (map.has(name)) throw new Error(`function name ${name} is registered twice`);
      map.set(name, fn);
    }
  }
  return map;
})();

/** The scalar function called `name` (case-insensitive, aliases included), or undefined. */
export function lookupFunction(name: string): ScalarFunction | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/** Every scalar function, sorted by name (aliases are listed on each function). */
export function listFunctions(): readonly ScalarFunction[] {
  return ALL;
}

/** The registered name (or alias) closest to a misspelt `name`, for "did you mean" hints. */
export function suggestFunction(name: string): string | undefined {
  return didYouMean(name, [...BY_NAME.keys()]);
}
