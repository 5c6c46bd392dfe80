import { lookupFunction } from '../../lib/functions/registry.js';
import type { BoundFunction } from '../../lib/functions/types.js';
import { Decimal } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';
import { ANY, BOOLEAN, DOUBLE, INTEGER, NULL_TYPE, STRING, type SqlType } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';

/** The SQL type a test literal has: strings STRING, integers INTEGER, decimals by scale, ... */
export function typeOfLiteral(v: Value): SqlType {
  if (v === null) return NULL_TYPE;
  if (typeof v === 'string') return STRING;
  if (typeof v === 'boolean') return BOOLEAN;
  if (typeof v === 'bigint') return INTEGER;
  if (typeof v === 'number') return Number.isInteger(v) ? INTEGER : DOUBLE;
  if (v instanceof Decimal) return { kind: 'DECIMAL', precision: Math.max(v.precision, v.scale, 1), scale: v.scale };
  return ANY;
}

/** Binds function `name` for the literal arguments' types (all constants unless `variable`). */
export function bindFor(name: string, args: readonly Value[], types?: readonly SqlType[], variable = false): BoundFunction {
  const fn = lookupFunction(name);
  if (fn === undefined) throw new Error(`no function ${name}`);
  return fn.bind(
    types ?? args.map(typeOfLiteral),
    args.map((a) => (variable ? undefined : a)),
  );
}

/**
 * Calls function `name` on literal arguments twice, once with the arguments as constants and
 * once as row values, checks both agree, and returns the result.
 */
export function call(name: string, ...args: Value[]): Value {
  const constant = bindFor(name, args).call([...args]);
  const variable = bindFor(name, args, undefined, true).call([...args]);
  if (!sameValue(constant, variable)) {
    throw new Error(`${name}: constant and row arguments disagree: ${show(constant)} vs ${show(variable)}`);
  }
  return constant;
}

/** Calls `name` with explicit argument types (e.g. TIMESTAMP for a number). */
export function callTyped(name: string, types: readonly SqlType[], ...args: Value[]): Value {
  return bindFor(name, args, types).call([...args]);
}

/** The error code `body` throws, or undefined. */
export function errorCode(body: () => unknown): string | undefined {
  try {
    body();
  } catch (e) {
    if (e instanceof FerrisError) return e.code;
    throw e;
  }
  return undefined;
}

/** A printable form of a value for assertions on decimals and compounds. */
export function show(v: Value): string {
  if (v instanceof Decimal) return `${v.toString()}d`;
  if (v instanceof Map) return `Map(${[...v].map(([k, x]) => `${k}=${show(x)}`).join(',')})`;
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function sameValue(a: Value, b: Value): boolean {
  return show(a) === show(b);
}

/** Calls `name` with every argument passed as a plan-time constant. */
export function callConstant(name: string, ...args: Value[]): Value {
  return bindFor(name, args).call([...args]);
}
