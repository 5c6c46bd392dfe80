import type { PropertySpec } from './types.js';

/** The batch size property every source accepts. */
export const BATCH_SIZE_PROPERTY: PropertySpec = {
  key: 'batch.size',
  description: 'rows per batch handed to the pipeline',
  default: '1000',
};

/** The dead-letter file of a source, read by the runtime when failure_strategy = dead_letter. */
export const DLQ_PATH_PROPERTY: PropertySpec = {
  key: 'dlq.path',
  description: 'JSON-lines file receiving bad records when failure_strategy = dead_letter (used by the runtime)',
};

/** The NULL spelling of CSV files, read by the file source and written by the file sink. */
export const CSV_NULL_LITERAL_PROPERTY: PropertySpec = {
  key: 'null_literal',
  description: "CSV: the unquoted field text that is NULL (e.g. NULL or \\N); a quoted field is never NULL",
  default: "'' (an unquoted empty field)",
};

/** The output format properties every writing connector accepts. */
export const OUTPUT_FORMAT_PROPERTIES: readonly PropertySpec[] = [
  {
    key: 'decimal.format',
    description: 'how DECIMAL values are written: as strings keeping their scale, or as JSON numbers',
    default: 'string',
    values: ['string', 'number'],
  },
  {
    key: 'timestamp.format',
    description: 'how TIMESTAMP values are written: ISO-8601 UTC with milliseconds, or epoch milliseconds',
    default: 'iso8601',
    values: ['iso8601', 'epoch_millis'],
  },
];
