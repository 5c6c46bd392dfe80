import { FerrisError } from '../../types/errors.js';
import { parseTimestamp } from '../../types/time.js';
import { integerProperty, optionalIntegerProperty, positiveNumberProperty, stringProperty } from '../properties.js';
import { DEFAULT_BATCH_SIZE } from '../rowBatcher.js';
import type { ConnectorProperties, SourceFactory } from '../types.js';
import { DATAGEN_DESCRIPTOR, DEFAULT_DATAGEN_START } from './datagenDescriptor.js';
import type { DatagenOptions } from './datagenSource.js';
import { DatagenSource } from './datagenSource.js';
import { DEFAULT_SYMBOLS, TRADE_SCHEMA } from './tradeGenerator.js';

/** Reads the properties of a datagen source. */
export function datagenOptions(props: ConnectorProperties): DatagenOptions {
  const symbols = stringProperty(props, 'symbols', DEFAULT_SYMBOLS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (symbols.length === 0) throw new FerrisError('CONFIG', "invalid value for 'symbols': expected at least one ticker");
  const startText = stringProperty(props, 'start_time', DEFAULT_DATAGEN_START);
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
  ...DATAGEN_DESCRIPTOR,
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
