import { FerrisError } from '../../types/errors.js';
import { parseTimestamp } from '../../types/time.js';
import { BATCH_SIZE_PROPERTY } from '../commonProperties.js';
import { integerProperty, optionalIntegerProperty, positiveNumberProperty, stringProperty } from '../properties.js';
import { DEFAULT_BATCH_SIZE } from '../rowBatcher.js';
import type { ConnectorProperties, PropertySpec, SourceFactory } from '../types.js';
import type { DatagenOptions } from './datagenSource.js';
import { DatagenSource } from './datagenSource.js';
import { DEFAULT_SYMBOLS, TRADE_SCHEMA } from './tradeGenerator.js';

const DEFAULT_START = '2024-01-01T00:00:00Z';

const PROPERTIES: readonly PropertySpec[] = [
  { key: 'count', description: 'rows to generate; absent: unbounded' },
  { key: 'rate', description: 'rows per second; absent: as fast as pulled' },
  { key: 'seed', description: 'PRNG seed: the same seed gives the same rows', default: '42' },
  { key: 'symbols', description: 'comma-separated tickers', default: DEFAULT_SYMBOLS.join(',') },
  { key: 'start_time', description: 'event time of the first trade (ISO-8601)', default: DEFAULT_START },
  { key: 'interval_ms', description: 'event time between consecutive trades (ms)', default: '100' },
  BATCH_SIZE_PROPERTY,
];

/** Reads the properties of a datagen source. */
export function datagenOptions(props: ConnectorProperties): DatagenOptions {
  const symbols = stringProperty(props, 'symbols', DEFAULT_SYMBOLS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (symbols.length === 0) throw new FerrisError('CONFIG', "invalid value for 'symbols': expected at least one ticker");
  const startText = stringProperty(props, 'start_time', DEFAULT_START);
  let startTime: number;
  try {
    startTime = parseTimestamp(startText);
  } catch (cause) {
    throw new FerrisError('CONFIG', `invalid value '${startText}' for 'start_time': expected an ISO-8601 timestamp`, { cause });
  }
  return {
    count: optionalIntegerProperty(props, 'count', 0),
    rate: positiveNumberProperty(props, 'rate'),
    seed: integerProperty(props, 'seed', 42, 0),
    symbols,
    startTime,
    intervalMs: integerProperty(props, 'interval_ms', 100, 0),
    batchSize: integerProperty(props, 'batch.size', DEFAULT_BATCH_SIZE, 1),
  };
}

/**
 * `datagen`: deterministic trades (trade_id, symbol, price DECIMAL(18,4), quantity, side,
 * trader_id, exchange, trade_time). A declared schema must equal these columns by name.
 */
export const datagenSourceFactory: SourceFactory = {
  type: 'datagen',
  properties: PROPERTIES,
  open: async (props, declared, ctx) => {
    if (declared !== undefined) {
      const names = declared.fields.map((f) => f.name.toLowerCase()).join(', ');
      const expected = TRADE_SCHEMA.fields.map((f) => f.name).join(', ');
      if (names !== expected) {
        throw new FerrisError('CONFIG', `datagen produces the columns (${expected}); declared: (${names})`);
      }
    }
    return new DatagenSource(datagenOptions(props), ctx.signal);
  },
};
