import { FerrisError } from '../types/errors.js';
import type { Accumulator } from './types.js';

/**
 * `other` as an accumulator of the class `kind`, for `merge`: the caller only ever merges
 * accumulators created by the same bound aggregate, so anything else is an internal error.
 */
export function mergeable<T extends Accumulator>(other: Accumulator, kind: abstract new (...args: never[]) => T): T {
  if (other instanceof kind) return other;
  throw new FerrisError(
    'INTERNAL',
    `cannot merge a ${other.constructor.name} into a ${kind.name}: accumulators of different bound aggregates`,
  );
}
