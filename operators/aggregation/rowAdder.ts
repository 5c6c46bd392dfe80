import type { Row, Value } from '../../lib/types/value.js';
import type { AggregateBinding, RowAccumulator, UnscaledRowAccumulator } from './grouping.js';

/*
 * The per-row step of every aggregation operator: evaluate each aggregate's arguments and add
 * them to its accumulator. A loop over the aggregates would call every kind of accumulator
 * from one call site (COUNT, SUM, MIN... at one `add`), which V8 can neither inline nor
 * predict; here each aggregate has its own adder and, up to six aggregates, its own call
 * site, so a query's row step is monomorphic per position.
 */

/** Adds one row's arguments to one accumulator. */
type Adder = (accumulator: RowAccumulator, row: Row) => void;

/** Adds one row to the accumulators of a group, in the order of the aggregates. */
export type RowAdder = (accumulators: readonly RowAccumulator[], row: Row) => void;

/** The adder of one aggregate: unscaled integers when it can, else the arguments in one reused array. */
function adderOf(binding: AggregateBinding): Adder {
  const args = binding.args;
  const scratch = new Array<Value>(args.length).fill(null);
  const unscaled = binding.unscaled;
  if (unscaled !== undefined) {
    const arg = args[0]!;
    return (accumulator, row) => {
      const u = unscaled(row);
      if (u === u) {
        (accumulator as UnscaledRowAccumulator).addUnscaled(u);
        return;
      }
      scratch[0] = arg(row);
      accumulator.add(scratch);
    };
  }
  switch (args.length) {
    case 0:
      return (accumulator) => accumulator.add(scratch);
    case 1: {
      const arg = args[0]!;
      return (accumulator, row) => {
        scratch[0] = arg(row);
        accumulator.add(scratch);
      };
    }
    default:
      return (accumulator, row) => {
        for (let i = 0; i < args.length; i++) scratch[i] = args[i]!(row);
        accumulator.add(scratch);
      };
  }
}

/**
 * The row step of `bindings`: one adder per aggregate, called from its own site for up to six
 * aggregates. Each call gets its own argument arrays (reused for every row), so one row adder
 * must serve one operator. When every aggregate takes the same unscaled argument (the same
 * closure: `MIN(t), AVG(t), MAX(t)` of one DECIMAL column), it is read once per row and handed
 * to each accumulator; a row off that path goes through the adders one by one.
 */
export function compileRowAdder(bindings: readonly AggregateBinding[]): RowAdder {
  const perAggregate = unrolled(bindings.map(adderOf));
  const shared = bindings[0]?.unscaled;
  if (bindings.length < 2 || shared === undefined || bindings.some((b) => b.unscaled !== shared)) return perAggregate;
  return sharedUnscaledAdder(shared, bindings.length, perAggregate);
}

/** Reads the one unscaled argument of `count` aggregates once per row; `otherwise` takes a row off the fast path. */
function sharedUnscaledAdder(unscaled: (row: Row) => number, count: number, otherwise: RowAdder): RowAdder {
  switch (count) {
    case 2:
      return (accs, row) => {
        const u = unscaled(row);
        if (u !== u) return otherwise(accs, row);
        (accs[0] as UnscaledRowAccumulator).addUnscaled(u);
        (accs[1] as UnscaledRowAccumulator).addUnscaled(u);
      };
    case 3:
      return (accs, row) => {
        const u = unscaled(row);
        if (u !== u) return otherwise(accs, row);
        (accs[0] as UnscaledRowAccumulator).addUnscaled(u);
        (accs[1] as UnscaledRowAccumulator).addUnscaled(u);
        (accs[2] as UnscaledRowAccumulator).addUnscaled(u);
      };
    default:
      return (accs, row) => {
        const u = unscaled(row);
        if (u !== u) return otherwise(accs, row);
        for (let i = 0; i < count; i++) (accs[i] as UnscaledRowAccumulator).addUnscaled(u);
      };
  }
}

/** Calls each adder on its accumulator, from its own call site for up to six adders. */
function unrolled(adders: readonly Adder[]): RowAdder {
  const [a, b, c, d, e, f] = adders as [Adder, Adder, Adder, Adder, Adder, Adder];
  switch (adders.length) {
    case 0:
      return () => undefined;
    case 1:
      return (accs, row) => a(accs[0]!, row);
    case 2:
      return (accs, row) => {
        a(accs[0]!, row);
        b(accs[1]!, row);
      };
    case 3:
      return (accs, row) => {
        a(accs[0]!, row);
        b(accs[1]!, row);
        c(accs[2]!, row);
      };
    case 4:
      return (accs, row) => {
        a(accs[0]!, row);
        b(accs[1]!, row);
        c(accs[2]!, row);
        d(accs[3]!, row);
      };
    case 5:
      return (accs, row) => {
        a(accs[0]!, row);
        b(accs[1]!, row);
        c(accs[2]!, row);
        d(accs[3]!, row);
        e(accs[4]!, row);
      };
    case 6:
      return (accs, row) => {
        a(accs[0]!, row);
        b(accs[1]!, row);
        c(accs[2]!, row);
        d(accs[3]!, row);
        e(accs[4]!, row);
        f(accs[5]!, row);
      };
    default:
      return (accs, row) => {
        for (let i = 0; i < adders.length; i++) adders[i]!(accs[i]!, row);
      };
  }
}
