import { FerrisError, notSupported } from '../../types/errors.js';
import { schemaOf, type Schema } from '../../types/schema.js';
import { STRING } from '../../types/sqlType.js';
import type { Value } from '../../types/value.js';
import { JsonRecordReader } from '../jsonRecordReader.js';

/** The message value formats of the Kafka source. */
export const KAFKA_FORMATS = ['json', 'string', 'bytes', 'avro', 'protobuf'] as const;

/** A message value format. */
export type KafkaFormat = (typeof KAFKA_FORMATS)[number];

/** Turns a message value into the declared columns' values; throws BAD_RECORD when it cannot. */
export type KafkaValueDecoder = (value: Buffer | null) => Value[];

/** The one column of the `string` and `bytes` formats when no columns are declared. */
const VALUE_SCHEMA: Schema = schemaOf([{ name: 'value', type: STRING, nullable: true }]);

/**
 * The schema of a Kafka source: the declared columns, or for `string` and `bytes` the single
 * column `value`. JSON needs declared columns (there is no record to infer them from before
 * the job starts); Avro and Protobuf are refused until schemas are built.
 */
export function kafkaSchema(format: KafkaFormat, declared: Schema | undefined): Schema {
  if (format === 'avro' || format === 'protobuf') throw notSupported(`format = '${format}' for kafka_source (use json, string or bytes)`);
  if (format === 'json') {
    if (declared === undefined) {
      throw new FerrisError('CONFIG', "kafka_source with format = 'json' needs its columns declared: CREATE STREAM name (col TYPE, ...) WITH (...)");
    }
    return declared;
  }
  if (declared === undefined) return VALUE_SCHEMA;
  const [only] = declared.fields;
  if (declared.fields.length !== 1 || only!.type.kind !== 'STRING') {
    throw new FerrisError('CONFIG', `kafka_source with format = '${format}' reads one STRING column (the message value); declare (value STRING) or no columns`);
  }
  return declared;
}

/**
 * The decoder of a format: `json` maps an object's fields to the columns by name (keeping only
 * the columns in `read`, when given: see `JsonRecordReader`), `string` reads the value as UTF-8
 * text, `bytes` as base64 text (there is no binary SQL type yet). A null value (a tombstone)
 * gives NULL in every column.
 */
export function kafkaValueDecoder(format: KafkaFormat, schema: Schema, read?: readonly boolean[]): KafkaValueDecoder {
  const width = schema.fields.length;
  const nulls = (): Value[] => new Array<Value>(width).fill(null);
  switch (format) {
    case 'json': {
      const reader = new JsonRecordReader(schema, read);
      return (value) => (value === null ? nulls() : reader.read(value.toString('utf8')));
    }
    case 'string':
      return (value) => [value === null ? null : value.toString('utf8')];
    case 'bytes':
      return (value) => [value === null ? null : value.toString('base64')];
    default:
      throw notSupported(`format = '${format}' for kafka_source`);
  }
}
