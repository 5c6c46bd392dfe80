import { FerrisError } from '../../types/errors.js';
import { BATCH_SIZE_PROPERTY, CSV_NULL_LITERAL_PROPERTY, DLQ_PATH_PROPERTY } from '../commonProperties.js';
import {
  booleanProperty,
  characterProperty,
  enumProperty,
  integerProperty,
  requiredProperty,
  stringProperty,
} from '../properties.js';
import { DEFAULT_BATCH_SIZE } from '../rowBatcher.js';
import type { ConnectorProperties, PropertySpec, SourceFactory } from '../types.js';
import type { FileSourceConfig } from './fileSource.js';
import { FileSource } from './fileSource.js';
import type { InvalidUtf8 } from './fileText.js';
import { DEFAULT_MAX_RECORD_BYTES } from './recordBound.js';
import type { FileFormat } from './schemaInference.js';

const FORMATS: readonly FileFormat[] = ['csv', 'jsonl', 'json'];
const INVALID_UTF8: readonly InvalidUtf8[] = ['bad_record', 'replace'];

/** The format a file extension implies (`.csv`, `.jsonl`/`.ndjson`, `.json`, also under `.gz`). */
export function formatFromExtension(file: string): FileFormat | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  return undefined;
}

/** The `format` property, or the format implied by the path's extension. */
export function fileFormat(props: ConnectorProperties, file: string, connectorType: string): FileFormat {
  if (props.has('format')) return enumProperty(props, 'format', FORMATS, 'csv');
  const byExtension = formatFromExtension(file);
  if (byExtension !== undefined) return byExtension;
  throw new FerrisError('CONFIG', `${connectorType}: set 'format' (${FORMATS.join(', ')}): it cannot be told from '${file}'`);
}

/**
 * The `null_literal` property (the unquoted CSV text read or written as NULL, `''` by default);
 * refused for a format other than CSV, where it would mean nothing.
 */
export function csvNullLiteral(props: ConnectorProperties, format: string): string {
  if (props.has('null_literal') && format !== 'csv') {
    throw new FerrisError('CONFIG', `'null_literal' applies to format = 'csv' only (the format is '${format}')`);
  }
  return stringProperty(props, 'null_literal', '');
}

const PROPERTIES: readonly PropertySpec[] = [
  { key: 'path', description: 'a file, or a glob with *, ** and ?; relative to the SQL file' },
  { key: 'format', description: 'record format (default: by extension)', values: FORMATS },
  { key: 'has_headers', description: 'CSV: the first line of each file names the columns', default: 'true', values: ['true', 'false'] },
  { key: 'header', description: "CSV: same as 'has_headers'", default: 'true', values: ['true', 'false'] },
  { key: 'delimiter', description: 'CSV field delimiter (one character, \\t for a tab)', default: ',' },
  { key: 'quote', description: 'CSV quote character', default: '"' },
  CSV_NULL_LITERAL_PROPERTY,
  { key: 'compression', description: 'gzip decompression; auto: by the .gz extension', default: 'auto', values: ['none', 'gzip', 'auto'] },
  { key: 'watching', description: 'tail the files and pick up new ones; the source is then unbounded', default: 'false', values: ['true', 'false'] },
  { key: 'polling_interval', description: 'ms between checks for new data when watching', default: '1000' },
  {
    key: 'max_record_bytes',
    description: 'the most UTF-8 bytes of one record; a longer one is skipped, counted and reported, and reading resumes after it',
    default: String(DEFAULT_MAX_RECORD_BYTES),
  },
  {
    key: 'invalid_utf8',
    description: "bytes that are not valid UTF-8: the record is bad (bad_record), or they read as U+FFFD, counted in a warning (replace)",
    default: 'bad_record',
    values: INVALID_UTF8,
  },
  { key: 'schema.sample_size', description: 'records read to infer the schema when no columns are declared', default: '100' },
  BATCH_SIZE_PROPERTY,
  DLQ_PATH_PROPERTY,
];

/** Reads the properties of a file source into its configuration. */
export function fileSourceConfig(props: ConnectorProperties, baseDir: string): FileSourceConfig {
  const file = requiredProperty(props, 'path', 'file_source');
  const headerKey = props.has('has_headers') ? 'has_headers' : 'header';
  const format = fileFormat(props, file, 'file_source');
  return {
    path: file,
    baseDir,
    format,
    csv: {
      delimiter: characterProperty(props, 'delimiter', ','),
      quote: characterProperty(props, 'quote', '"'),
      hasHeader: booleanProperty(props, headerKey, true),
      nullLiteral: csvNullLiteral(props, format),
    },
    compression: enumProperty(props, 'compression', ['none', 'gzip', 'auto'], 'auto'),
    watching: booleanProperty(props, 'watching', false),
    pollingIntervalMs: integerProperty(props, 'polling_interval', 1000, 1),
    batchSize: integerProperty(props, 'batch.size', DEFAULT_BATCH_SIZE, 1),
    sampleSize: integerProperty(props, 'schema.sample_size', 100, 1),
    maxRecordBytes: integerProperty(props, 'max_record_bytes', DEFAULT_MAX_RECORD_BYTES, 1),
    invalidUtf8: enumProperty(props, 'invalid_utf8', INVALID_UTF8, 'bad_record'),
  };
}

/** `file_source`: CSV, JSON lines or JSON array files, optionally gzip, optionally tailed. */
export const fileSourceFactory: SourceFactory = {
  type: 'file_source',
  properties: PROPERTIES,
  open: async (props, declared, ctx) => FileSource.open(fileSourceConfig(props, ctx.baseDir), declared, ctx),
  endsByItself: (props) => !booleanProperty(props, 'watching', false),
};
