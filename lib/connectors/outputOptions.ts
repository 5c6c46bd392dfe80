import type { FormatOptions } from '../types/valueText.js';
import { enumProperty } from './properties.js';
import type { ConnectorProperties } from './types.js';

/** The `decimal.format` and `timestamp.format` properties of a writing connector. */
export function formatOptions(props: ConnectorProperties): FormatOptions {
  return {
    decimalFormat: enumProperty(props, 'decimal.format', ['string', 'number'], 'string'),
    timestampFormat: enumProperty(props, 'timestamp.format', ['iso8601', 'epoch_millis'], 'iso8601'),
  };
}
