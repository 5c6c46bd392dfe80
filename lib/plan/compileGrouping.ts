import type { AggregateBinding, Grouping } from '../../operators/aggregation/grouping.js';
import { accumulatorState, restoreAccumulator } from '../aggregates/state.js';
import type { Accumulator } from '../aggregates/types.js';
import { keyPart, valueKey } from '../types/valueKey.js';
import type { Value } from '../types/value.js';
import type { BoundExpr } from './boundExpr.js';
import { compileExpr } from './compileExpr.js';
import { compileUnscaled, type UnscaledExpr } from './compileUnscaled.js';
import type { AggregateCall } from './logicalPlan.js';

/**
 * Compiles GROUP BY keys and aggregate calls into the grouping the aggregation operators
 * use: a hashable key per row (equal values, e.g. 1.50 and 1.5, share a key; all NULLs one
 * group), the key values kept for output, and per aggregate its state factory and arguments
 * (for SUM and AVG of a DECIMAL column or DECIMAL × INTEGER product, also as unscaled integers).
 */
export function compileGrouping(keys: readonly BoundExpr[], aggregates: readonly AggregateCall[]): Grouping {
  const keyExprs = keys.map(compileExpr);
  const sharedUnscaled = new Map<string, UnscaledExpr | undefined>();
  const aggregateBindings = aggregates.map((call) => aggregateBinding(call, sharedUnscaled));
  if (keyExprs.length === 0) {
    return { keyOf: () => 0, keyValues: () => [], aggregates: aggregateBindings };
  }
  if (keyExprs.length === 1) {
    const key = keyExprs[0]!;
    return { keyOf: (row) => valueKey(key(row)), keyValues: (row) => [key(row)], aggregates: aggregateBindings };
  }
  const keyValues = (row: readonly Value[]): Value[] => keyExprs.map((k) => k(row as Value[]));
  const keyOf = (row: readonly Value[]): string => {
    let out = '';
    for (let i = 0; i < keyExprs.length; i++) out += keyPart(keyExprs[i]!(row as Value[]));
    return out;
  };
  return { keyOf, keyValues, aggregates: aggregateBindings };
}

/** The unscaled closure of `arg` at `scale`; one per column and scale in `shared` (other expressions get their own). */
function unscaledOf(arg: BoundExpr, scale: number, shared: Map<string, UnscaledExpr | undefined>): UnscaledExpr | undefined {
  if (arg.kind !== 'column') return compileUnscaled(arg, scale);
  const key = `${arg.index}:${scale}`;
  if (!shared.has(key)) shared.set(key, compileUnscaled(arg, scale));
  return shared.get(key);
}

/**
 * An aggregate call compiled for the operators: its state factory, snapshot and restore, and
 * its arguments as closures. Calls of one grouping that take the same column as unscaled
 * integers at the same scale get the same closure from `sharedUnscaled`, so that the row step
 * reads it once per row (`compileRowAdder`).
 */
export function aggregateBinding(call: AggregateCall, sharedUnscaled = new Map<string, UnscaledExpr | undefined>()): AggregateBinding {
  const scale = call.bound.unscaledScale;
  const unscaled = scale !== undefined && call.args.length === 1 ? unscaledOf(call.args[0]!, scale, sharedUnscaled) : undefined;
  return {
    create: () => call.bound.create(),
    snapshot: (accumulator) => accumulatorState(accumulator as Accumulator),
    restore: (image) => restoreAccumulator(call.bound, image),
    args: call.args.map(compileExpr),
    ...(unscaled === undefined ? {} : { unscaled }),
  };
}
