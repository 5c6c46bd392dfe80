import { FerrisError } from '../types/errors.js';
import { parseDuration } from '../types/duration.js';

/** What to do with a row later than its window allows. */
export type LateDataStrategy = 'drop' | 'dead_letter' | 'update_previous_window';

/** The event-time settings of a job (DESIGN.md §5 unprefixed keys). */
export interface JobTimeConfig {
  /** `event.time.field`: the column holding the event time; undefined means `_timestamp`. */
  readonly eventTimeField: string | undefined;
  /** `event.time.format`: epoch_millis, epoch_seconds, iso8601 or a pattern; undefined: by the column's type. */
  readonly eventTimeFormat: string | undefined;
  readonly maxOutOfOrderness: number;
  readonly idleTimeout: number | undefined;
  readonly allowedLateness: number;
  readonly lateStrategy: LateDataStrategy;
  readonly stateTtl: number | undefined;
}

/** A duration key's value in ms: plain milliseconds (`5000`) or with a unit (`5s`, `100ms`, `2 minutes`). */
export function durationKey(key: string, value: string): number {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  try {
    return parseDuration(trimmed);
  } catch (cause) {
    throw new FerrisError('CONFIG', `invalid duration '${value}' for '${key}': write milliseconds (5000) or a number with a unit (5s, 100ms, 2 minutes)`, {
      cause,
    });
  }
}

/** Reads the time keys of a job from its unprefixed WITH keys. */
export function jobTimeConfig(keys: ReadonlyMap<string, string>): JobTimeConfig {
  const duration = (key: string): number | undefined => {
    const value = keys.get(key);
    return value === undefined ? undefined : durationKey(key, value);
  };
  const ascending = keys.get('watermark.strategy') === 'ascending';
  if (ascending && keys.has('watermark.max_out_of_orderness')) {
    throw new FerrisError('CONFIG', "'watermark.strategy' = 'ascending' means no out-of-orderness; drop 'watermark.max_out_of_orderness' or use 'bounded_out_of_orderness'");
  }
  return {
    eventTimeField: keys.get('event.time.field'),
    eventTimeFormat: keys.get('event.time.format'),
    maxOutOfOrderness: ascending ? 0 : (duration('watermark.max_out_of_orderness') ?? 0),
    idleTimeout: duration('watermark.idle_timeout'),
    allowedLateness: duration('late.data.allowed_lateness') ?? 0,
    lateStrategy: (keys.get('late.data.strategy') as LateDataStrategy | undefined) ?? 'drop',
    stateTtl: duration('state.ttl'),
  };
}
