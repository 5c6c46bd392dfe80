import { BATCH_STRATEGY_NAMES, type BatchStrategyName } from '../../../operators/batching/batchConfig.js';
import { didYouMean } from '../../types/didYouMean.js';
import { parseDuration } from '../../types/duration.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { BATCH_VALUE_FORMATS, type BatchKeySpec } from './batchKeys.js';

/** A parsed batch value: a flag, a strategy, or a number (rows, milliseconds or bytes). */
export type BatchValue = boolean | number | BatchStrategyName;

/** Byte units (binary: KB = 1024 bytes), by lower-case suffix. */
const BYTE_UNITS: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['b', 1],
  ['k', 1024],
  ['kb', 1024],
  ['kib', 1024],
  ['m', 1024 ** 2],
  ['mb', 1024 ** 2],
  ['mib', 1024 ** 2],
  ['g', 1024 ** 3],
  ['gb', 1024 ** 3],
  ['gib', 1024 ** 3],
]);

/** The error for a value a key does not accept, naming the key and what it accepts. */
function invalid(key: string, text: string, spec: BatchKeySpec, hint = ''): FerrisError {
  return new FerrisError('CONFIG', `invalid value '${text}' for '${key}': expected ${BATCH_VALUE_FORMATS[spec.kind]}${hint}`);
}

/** A strategy name, accepting the guide's spellings too (`FixedSize`, `fixed-size`, `FIXED_SIZE`). */
function parseStrategy(key: string, text: string, spec: BatchKeySpec): BatchStrategyName {
  const squashed = text.toLowerCase().replace(/[\s_-]/g, '');
  const match = BATCH_STRATEGY_NAMES.find((name) => name.replace(/_/g, '') === squashed);
  if (match !== undefined) return match;
  if (squashed === 'megabatch') {
    throw notSupported("batch.strategy 'mega_batch' (the original's parallel mega batches); use 'fixed_size' with a large 'batch.size'");
  }
  const suggestion = didYouMean(text, BATCH_STRATEGY_NAMES);
  throw invalid(key, text, spec, suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`);
}

/** A positive whole number of rows. */
function parseCount(key: string, text: string, spec: BatchKeySpec): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(key, text, spec);
  return value;
}

/** A positive duration in ms: plain milliseconds or a number with a unit (`100ms`, `5s`, `1m`). */
function parseDurationMs(key: string, text: string, spec: BatchKeySpec): number {
  let value: number;
  if (/^\d+$/.test(text)) {
    value = Number(text);
  } else {
    try {
      value = parseDuration(text);
    } catch {
      throw invalid(key, text, spec);
    }
  }
  if (!(value > 0) || !Number.isSafeInteger(value)) throw invalid(key, text, spec);
  return value;
}

/** A positive number of bytes, plain or with a binary unit (`512KB`, `1MB`, `2GiB`). */
function parseBytes(key: string, text: string, spec: BatchKeySpec): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = match === null ? undefined : BYTE_UNITS.get(match[2]!.toLowerCase());
  const value = match === null || unit === undefined ? Number.NaN : Math.round(Number(match[1]) * unit);
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(key, text, spec);
  return value;
}

/**
 * Parses the text of a batch key (`key` as the user wrote it, for messages). Throws
 * `FerrisError('CONFIG')` naming the key and the accepted values or format, or
 * `NOT_SUPPORTED` for the mega_batch strategy.
 */
export function parseBatchValue(spec: BatchKeySpec, key: string, rawText: string): BatchValue {
  const text = rawText.trim();
  switch (spec.kind) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === 'false') return lower === 'true';
      throw invalid(key, rawText, spec);
    }
    case 'strategy':
      return parseStrategy(key, text, spec);
    case 'count':
      return parseCount(key, text, spec);
    case 'duration':
      return parseDurationMs(key, text, spec);
    case 'bytes':
      return parseBytes(key, text, spec);
  }
}

/** Prints a duration in the largest unit that divides it: `1m`, `5s`, `100ms`. */
function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Prints a parsed value the way the log shows it (durations with a unit, bytes as a number). */
export function formatBatchValue(spec: BatchKeySpec, value: BatchValue): string {
  return spec.kind === 'duration' && typeof value === 'number' ? formatDuration(value) : String(value);
}
