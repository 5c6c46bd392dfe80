import { FerrisError } from '../types/errors.js';
import { parseDuration } from '../types/duration.js';

/** What to do with a row later than its window allows. */
export type LateDataStrategy = 'drop' | 'dead_letter' | 'update_previous_window';

/** How a source's watermark follows its event time. */
export interface WatermarkBound {
  /** How far event time may go back before a row is late (ms). */
  readonly maxOutOfOrderness: number;
  /** A partition without rows this long stops holding windows open (ms). */
  readonly idleTimeout: number | undefined;
}

/** The event-time settings of one source: its own keys (`'<source>.watermark.*'`), else the job's. */
export interface SourceTimeConfig extends WatermarkBound {
  /** `event.time.field`: the column holding the event time; undefined means `_timestamp`. */
  readonly eventTimeField: string | undefined;
  /** `event.time.format`: epoch_millis, epoch_seconds, iso8601 or a pattern; undefined: by the column's type. */
  readonly eventTimeFormat: string | undefined;
}

/** The event-time settings of a job (DESIGN.md §5 unprefixed keys), and each source's own. */
export interface JobTimeConfig extends SourceTimeConfig {
  readonly allowedLateness: number;
  readonly lateStrategy: LateDataStrategy;
  readonly stateTtl: number | undefined;
  /** Source id → its settings, with the job's wherever the source sets none. */
  readonly sources: ReadonlyMap<string, SourceTimeConfig>;
}

/** The keys a source may set for itself (`'<source>.<key>'`, or unprefixed in its declaration). */
export const SOURCE_TIME_KEYS = [
  'event.time.field',
  'event.time.format',
  'watermark.strategy',
  'watermark.max_out_of_orderness',
  'watermark.idle_timeout',
] as const;

const WATERMARK_STRATEGIES = ['bounded_out_of_orderness', 'ascending'];

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

/**
 * Reads the time keys of a job from its unprefixed WITH keys, and each source's own time keys
 * (`SOURCE_TIME_KEYS`, by source id, with the name the user wrote for error messages): a key
 * a source sets wins over the job's.
 */
export function jobTimeConfig(
  keys: ReadonlyMap<string, string>,
  sourceKeys: ReadonlyMap<string, { readonly name: string; readonly keys: ReadonlyMap<string, string> }> = new Map(),
): JobTimeConfig {
  const job = timeSettings(keys, '', undefined);
  const sources = new Map([...sourceKeys].map(([id, source]) => [id, timeSettings(source.keys, `${source.name}.`, job)]));
  const duration = (key: string): number | undefined => {
    const value = keys.get(key);
    return value === undefined ? undefined : durationKey(key, value);
  };
  return {
    ...job,
    allowedLateness: duration('late.data.allowed_lateness') ?? 0,
    lateStrategy: (keys.get('late.data.strategy') as LateDataStrategy | undefined) ?? 'drop',
    stateTtl: duration('state.ttl'),
    sources,
  };
}

/** The time settings of `keys` (named `<prefix><key>` in errors), falling back to `inherited` key by key. */
function timeSettings(keys: ReadonlyMap<string, string>, prefix: string, inherited: SourceTimeConfig | undefined): SourceTimeConfig {
  const duration = (key: string): number | undefined => {
    const value = keys.get(key);
    return value === undefined ? undefined : durationKey(prefix + key, value);
  };
  const strategy = keys.get('watermark.strategy')?.toLowerCase();
  if (strategy !== undefined && !WATERMARK_STRATEGIES.includes(strategy)) {
    throw new FerrisError('CONFIG', `invalid value '${keys.get('watermark.strategy')}' for '${prefix}watermark.strategy'; accepted values: ${WATERMARK_STRATEGIES.join(', ')}`);
  }
  const bound = duration('watermark.max_out_of_orderness');
  if (strategy === 'ascending' && bound !== undefined) {
    throw new FerrisError(
      'CONFIG',
      `'${prefix}watermark.strategy' = 'ascending' means no out-of-orderness; drop '${prefix}watermark.max_out_of_orderness' or use 'bounded_out_of_orderness'`,
    );
  }
  return {
    eventTimeField: keys.get('event.time.field') ?? inherited?.eventTimeField,
    eventTimeFormat: keys.get('event.time.format') ?? inherited?.eventTimeFormat,
    maxOutOfOrderness: strategy === 'ascending' ? 0 : (bound ?? inherited?.maxOutOfOrderness ?? 0),
    idleTimeout: duration('watermark.idle_timeout') ?? inherited?.idleTimeout,
  };
}
