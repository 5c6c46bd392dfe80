import { lookupAggregate } from '../../lib/aggregates/registry.js';
import type { Accumulator, AggregateOptions, BoundAggregate } from '../../lib/aggregates/types.js';
import { Decimal } from '../../lib/types/decimal.js';
import { DOUBLE, INTEGER, STRING, decimalType, type SqlType } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';

/** Shorthands for argument types. */
export const T = {
  int: INTEGER,
  double: DOUBLE,
  string: STRING,
  dec: (precision: number, scale: number): SqlType => decimalType(precision, scale),
};

/** A decimal from its text. */
export const d = (text: string): Decimal => Decimal.parse(text);

/** What a call looks like: argument types, constant parameters and DISTINCT / `*`. */
export interface Call {
  readonly name: string;
  readonly types: readonly SqlType[];
  readonly parameters?: readonly Value[];
  readonly distinct?: boolean;
  readonly star?: boolean;
}

/** Binds a call through the registry (fails the test when the name is unknown). */
export function bindCall(call: Call): BoundAggregate {
  const fn = lookupAggregate(call.name);
  if (fn === undefined) throw new Error(`no aggregate ${call.name}`);
  const options: AggregateOptions = { distinct: call.distinct ?? false, star: call.star ?? false };
  return fn.bind(call.types, call.parameters ?? [], options);
}

/**
 * Feeds rows (one array of argument values each) into an accumulator through ONE reused
 * argument array, as the operators do, so an accumulator that keeps the array is caught.
 */
export function feed(acc: Accumulator, rows: readonly (readonly Value[])[]): Accumulator {
  const args: Value[] = [];
  for (const row of rows) {
    args.length = row.length;
    for (let i = 0; i < row.length; i++) args[i] = row[i]!;
    acc.add(args);
    for (let i = 0; i < args.length; i++) args[i] = '\u0000clobbered';
  }
  return acc;
}

/** The result of a call over rows. */
export function aggregate(call: Call, rows: readonly (readonly Value[])[]): Value {
  return feed(bindCall(call).create(), rows).result();
}

/** The result of a one-argument call over values. */
export function over(name: string, type: SqlType, values: readonly Value[], extra: Partial<Call> = {}): Value {
  return aggregate({ name, types: [type], ...extra }, values.map((v) => [v]));
}

/** A value as comparable text: decimals keep their scale, bigints get an `n`, NaN stays NaN. */
export function show(v: Value): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Decimal) return `DECIMAL ${v.toString()}`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v);
}
