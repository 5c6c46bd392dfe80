import { encodeState, restoreFields, type StateValue } from '../types/stateCodec.js';
import { FerrisError } from '../types/errors.js';
import type { Accumulator, BoundAggregate } from './types.js';

/**
 * The state of an accumulator as a JSON-safe value (DataFusion's `Accumulator::state`): its
 * fields, with exact decimals, bigints, sketches, sorted bags and nested accumulators
 * (DISTINCT, DELTA) encoded so that {@link restoreAccumulator} gives back an equal one.
 * Accumulators keep their state in fields of a class instance for this reason; one holding
 * state in closures could not be snapshotted and is refused.
 */
export function accumulatorState(acc: Accumulator): StateValue {
  if (Object.getPrototypeOf(acc) === Object.prototype) {
    throw new FerrisError('INTERNAL', 'an accumulator must be a class instance to be snapshotted (its state lives in fields)');
  }
  return encodeState(acc);
}

/**
 * A fresh accumulator of `bound` holding `state` (from {@link accumulatorState} of an
 * accumulator of the same bound aggregate): adding more rows to it gives what the original
 * would have given.
 */
export function restoreAccumulator(bound: BoundAggregate, state: StateValue): Accumulator {
  return restoreFields(bound.create(), state);
}
