import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';

/** A scalar function specialised for argument types at plan time. */
export interface BoundFunction {
  /** The SQL type of every value `call` returns (or NULL). */
  readonly returnType: SqlType;
  /** args: evaluated arguments; the array is REUSED by the caller between calls: never keep it. */
  call(args: Value[]): Value;
}

/** The family a function belongs to, for `SHOW FUNCTIONS` and the docs. */
export type FunctionCategory =
  | 'math'
  | 'string'
  | 'datetime'
  | 'conditional'
  | 'json'
  | 'collection'
  | 'header'
  | 'other';

/** A scalar function of the SQL surface, as the registry holds it. */
export interface ScalarFunction {
  /** Upper-case canonical name. */
  readonly name: string;
  /** Other upper-case names the function answers to. */
  readonly aliases: readonly string[];
  readonly category: FunctionCategory;
  /** The call shape, e.g. `ROUND(x [, n])`, for `SHOW FUNCTIONS` and the docs. */
  readonly signature: string;
  readonly description: string;
  readonly minArgs: number;
  /** `Infinity` for variadic functions. */
  readonly maxArgs: number;
  /** False for functions whose result changes between calls with equal arguments (NOW()). */
  readonly deterministic: boolean;
  /**
   * Hidden inputs taken from the row before the user's args, e.g. ['_headers'] for HEADER('k'),
   * ['_timestamp'] for TIMESTAMP(). The planner passes these system columns first.
   */
  readonly implicitArgs?: readonly string[];
  /**
   * Type-checks and specialises. argTypes are the user's argument types; constants[i] is the
   * literal value of argument i when it is a constant (e.g. ROUND's scale, a regex pattern,
   * a date format), else undefined. Throws FerrisError('SQL_TYPE') with a message naming the
   * function, the argument position and the accepted types.
   */
  bind(argTypes: readonly SqlType[], constants: readonly (Value | undefined)[]): BoundFunction;
}
