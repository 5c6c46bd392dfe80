import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';

/**
 * The running state of one aggregate for one group (or window pane). Accumulators only grow:
 * there is no retraction. Every accumulator is a class instance whose state is its fields (plain numbers,
 * bigints, strings, decimals, arrays, Maps, typed arrays, nested accumulators), never closures,
 * so that `accumulatorState` (state.ts) can snapshot it for a checkpoint and restore it.
 */
export interface Accumulator {
  /** Adds one row's evaluated arguments (the array is reused by the caller: never keep it). */
  add(args: readonly Value[]): void;
  /**
   * Folds another accumulator of the same bound aggregate into this one (hop-window panes,
   * session merges). `other`'s input counts as arriving after this one's (FIRST_VALUE,
   * LAST_VALUE and STRING_AGG depend on that order); `other` is left unchanged.
   */
  merge(other: Accumulator): void;
  /** The current result (may be called many times: EMIT CHANGES); must not disturb the state. */
  result(): Value;
}

/**
 * An accumulator that also takes a DECIMAL argument as its unscaled value: `addUnscaled(u)`
 * adds the decimal `u × 10^-scale` (`u` a safe integer, at the scale the bound aggregate
 * names), as `add([that decimal])` would, without the decimal having to exist.
 */
export interface UnscaledAccumulator extends Accumulator {
  addUnscaled(unscaled: number): void;
}

/** An aggregate specialised for its argument types, parameters and DISTINCT at plan time. */
export interface BoundAggregate {
  /** The SQL type of every value `result()` returns (or NULL). */
  readonly returnType: SqlType;
  /** A fresh, empty accumulator. */
  create(): Accumulator;
  /**
   * Set when every accumulator `create` returns is an {@link UnscaledAccumulator} taking
   * unscaled values of this scale (SUM, AVG, MIN and MAX of a DECIMAL of that scale).
   */
  readonly unscaledScale?: number;
}

/** How an aggregate is called, besides its argument types and parameters. */
export interface AggregateOptions {
  /** `AGG(DISTINCT x)`: only distinct argument values (or tuples) count. */
  readonly distinct: boolean;
  /** `COUNT(*)`. */
  readonly star: boolean;
}

/** An aggregate function of the SQL surface, as the registry holds it. */
export interface AggregateFunction {
  /** Upper-case canonical name. */
  readonly name: string;
  /** Other upper-case names the function answers to. */
  readonly aliases: readonly string[];
  /** The call shape, e.g. `STRING_AGG(x, sep)`, for `SHOW FUNCTIONS` and the docs. */
  readonly signature: string;
  readonly description: string;
  /** Value arguments evaluated per row (COUNT(*) has 0). */
  readonly minArgs: number;
  readonly maxArgs: number;
  /**
   * Constant parameters after the value arguments: PERCENTILE_CONT(x, 0.5) or
   * PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) both bind as args [x], parameters [0.5];
   * STRING_AGG(x, ', ') as args [x], parameters [', '].
   */
  readonly parameters: number;
  /**
   * Type-checks and specialises. Throws FerrisError('SQL_TYPE') naming the function, the
   * argument and the accepted types (or the accepted parameter values).
   */
  bind(argTypes: readonly SqlType[], parameters: readonly Value[], options: AggregateOptions): BoundAggregate;
}
