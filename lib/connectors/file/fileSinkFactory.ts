import * as path from 'node:path';
import { CSV_NULL_LITERAL_PROPERTY, OUTPUT_FORMAT_PROPERTIES } from '../commonProperties.js';
import { formatOptions } from '../outputOptions.js';
import {
  booleanProperty,
  characterProperty,
  enumProperty,
  optionalIntegerProperty,
  requiredProperty,
} from '../properties.js';
import type { ConnectorProperties, PropertySpec, SinkFactory } from '../types.js';
import type { FileSinkConfig } from './fileSink.js';
import { FileSink } from './fileSink.js';
import { PartFileSink } from './partFileSink.js';
import { csvNullLiteral, fileFormat } from './fileSourceFactory.js';

const PROPERTIES: readonly PropertySpec[] = [
  { key: 'path', description: 'the output file; relative to the SQL file' },
  { key: 'format', description: 'record format (default: by extension)', values: ['jsonl', 'csv', 'json'] },
  { key: 'append', description: 'append to an existing file instead of truncating it', default: 'false', values: ['true', 'false'] },
  { key: 'compression', description: 'gzip compression; auto: by the .gz extension', default: 'auto', values: ['none', 'gzip', 'auto'] },
  { key: 'rotation.max_bytes', description: 'start a new file (<stem>.<n>.<ext>) before one grows beyond this many bytes' },
  { key: 'rotation.max_records', description: 'start a new file (<stem>.<n>.<ext>) after this many records' },
  { key: 'delimiter', description: 'CSV field delimiter (one character, \\t for a tab)', default: ',' },
  CSV_NULL_LITERAL_PROPERTY,
  ...OUTPUT_FORMAT_PROPERTIES,
];

/** Reads the properties of a file sink into its configuration. */
export function fileSinkConfig(props: ConnectorProperties, baseDir: string): FileSinkConfig {
  const file = requiredProperty(props, 'path', 'file_sink');
  const compression = enumProperty(props, 'compression', ['none', 'gzip', 'auto'], 'auto');
  const format = fileFormat(props, file, 'file_sink');
  return {
    ...formatOptions(props),
    path: path.resolve(baseDir, file),
    format,
    append: booleanProperty(props, 'append', false),
    gzip: compression === 'gzip' || (compression === 'auto' && file.toLowerCase().endsWith('.gz')),
    delimiter: characterProperty(props, 'delimiter', ','),
    nullLiteral: csvNullLiteral(props, format),
    maxBytes: optionalIntegerProperty(props, 'rotation.max_bytes', 1),
    maxRecords: optionalIntegerProperty(props, 'rotation.max_records', 1),
  };
}

/**
 * `file_sink`: JSON lines, JSON array or CSV files, optionally gzip, optionally rotated; in a
 * checkpointing job, part files committed per checkpoint ({@link PartFileSink}).
 */
export const fileSinkFactory: SinkFactory = {
  type: 'file_sink',
  properties: PROPERTIES,
  open: async (props, schema, ctx) => {
    const config = fileSinkConfig(props, ctx.baseDir);
    return ctx.checkpointing?.store === 'files' ? PartFileSink.open(config, schema, ctx.checkpointing.resumedEpoch, ctx.metrics) : FileSink.open(config, schema, ctx.metrics);
  },
};
