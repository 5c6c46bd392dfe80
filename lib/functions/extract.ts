import { decimalType, INTEGER, type SqlType } from '../types/sqlType.js';
import { EPOCH_SCALE, epochSeconds, extractPart, type TimePart } from '../types/time.js';
import { expectArgument } from './argumentTypes.js';
import { bound } from './define.js';
import { epochMillisReader, planTimePart } from './temporalValues.js';
import type { BoundFunction } from './types.js';

/** The type of EXTRACT(EPOCH ...): every epoch millisecond of a timestamp fits 18 digits. */
const EPOCH_TYPE = decimalType(18, EPOCH_SCALE);

/**
 * Binds the extraction of `part` (UTC) from the TIMESTAMP or DATE argument at `index` of
 * `fn`, returning INTEGER, or DECIMAL(18,3) for EPOCH (NULL for NULL).
 */
export function bindTimePart(fn: string, part: TimePart, argTypes: readonly SqlType[], index: number): BoundFunction {
  const ms = epochMillisReader(expectArgument(fn, argTypes, index, ['TIMESTAMP', 'DATE']));
  if (part === 'EPOCH') {
    return bound(EPOCH_TYPE, (args) => {
      const v = args[index];
      return v === null ? null : epochSeconds(ms(v));
    });
  }
  return bound(INTEGER, (args) => {
    const v = args[index];
    return v === null ? null : extractPart(part, ms(v));
  });
}

/**
 * The EXTRACT(part FROM x) syntax for the planner: part is YEAR, QUARTER, MONTH, WEEK, DAY,
 * DOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, NANOSECOND or EPOCH
 * (case-insensitive, plural allowed); x a TIMESTAMP or DATE. The bound function takes x as its
 * only argument and returns INTEGER (EPOCH: DECIMAL(18,3), seconds with their milliseconds). Throws FerrisError('SQL_TYPE') for an unknown part
 * (listing the parts) or another type of x.
 */
export function bindExtract(part: string, type: SqlType): BoundFunction {
  return bindTimePart('EXTRACT', planTimePart('EXTRACT', part), [type], 0);
}
