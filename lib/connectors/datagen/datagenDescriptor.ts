import { BATCH_SIZE_PROPERTY } from '../commonProperties.js';
import type { ConnectorDescriptor } from '../lazyFactory.js';
import { DEFAULT_SYMBOLS } from './tradeGenerator.js';

/** The event time of the first generated trade when `start_time` is not set. */
export const DEFAULT_DATAGEN_START = '2024-01-01T00:00:00Z';

/** `datagen`: its type name and properties; the source itself is in datagenSourceFactory.ts, loaded by the first open. */
export const DATAGEN_DESCRIPTOR: ConnectorDescriptor = {
  type: 'datagen',
  properties: [
    { key: 'count', description: 'rows to generate; absent: unbounded' },
    { key: 'rate', description: 'rows per second; absent: as fast as pulled' },
    { key: 'seed', description: 'PRNG seed: the same seed gives the same rows', default: '42' },
    { key: 'symbols', description: 'comma-separated tickers', default: DEFAULT_SYMBOLS.join(',') },
    { key: 'start_time', description: 'event time of the first trade (ISO-8601)', default: DEFAULT_DATAGEN_START },
    { key: 'interval_ms', description: 'event time between consecutive trades (ms)', default: '100' },
    BATCH_SIZE_PROPERTY,
  ],
  endsByItself: (props) => props.has('count'),
};
