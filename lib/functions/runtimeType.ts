import { isDecimal } from '../types/decimal.js';
import type { Value } from '../types/value.js';

/**
 * A key naming the run-time type of a non-null value of an ANY expression (as `runtimeType`
 * of cast.ts sees it), for caches of kernels bound per run-time type pair.
 */
export function runtimeTypeKey(v: Value): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'I' : 'D';
  if (typeof v === 'bigint') return 'I';
  if (typeof v === 'string') return 'S';
  if (typeof v === 'boolean') return 'B';
  if (isDecimal(v)) return `N${v.scale}`;
  if (Array.isArray(v)) return 'R';
  return v instanceof Map ? 'M' : 'T';
}
