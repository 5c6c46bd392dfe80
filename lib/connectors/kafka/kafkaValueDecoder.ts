import { FerrisError } from '../../types/errors.js';
import { schemaOf, type Schema } from '../../types/schema.js';
import { STRING } from '../../types/sqlType.js';
import type { Value } from '../../types/value.js';
import { JsonRecordReader } from '../jsonRecordReader.js';
import type { ConnectorContext } from '../types.js';
import { openSchemaDecoder, type SchemaValueDecoder } from './formats/valueFormats.js';
import type { ValueSchemaConfig } from './formats/valueSchemaConfig.js';
import type { KAFKA_FORMATS } from './kafkaDescriptors.js';

/** A message value format. */
export type KafkaFormat = (typeof KAFKA_FORMATS)[number];

/**
 * Turns a message value into the declared columns' values; throws BAD_RECORD when it cannot.
 * `prepare`, when present, is awaited with a fetched batch's values before they are decoded
 * (it fetches registry schemas).
 */
export type KafkaValueDecoder = SchemaValueDecoder;

/** The one column of the `string` and `bytes` formats when no columns are declared. */
const VALUE_SCHEMA: Schema = schemaOf([{ name: 'value', type: STRING, nullable: true }]);

/**
 * The columns and the decoder of a Kafka source's values: for Avro and Protobuf from their
 * schema (see valueFormats.ts), otherwise {@link kafkaSchema} and {@link kafkaValueDecoder}.
 */
export async function openKafkaValueDecoder(
  format: KafkaFormat,
  valueSchema: ValueSchemaConfig | undefined,
  declared: Schema | undefined,
  topics: readonly string[],
  ctx: ConnectorContext,
): Promise<{ readonly schema: Schema; readonly decode: KafkaValueDecoder }> {
  if (format === 'avro' || format === 'protobuf') {
    if (valueSchema === undefined) throw new FerrisError('CONFIG', `kafka_source with format = '${format}' needs its schema`);
    return openSchemaDecoder(format, valueSchema, declared, topics, ctx);
  }
  const schema = kafkaSchema(format, declared);
  return { schema, decode: kafkaValueDecoder(format, schema) };
}

/**
 * The schema of a Kafka source of a schema-less format: the declared columns, or for `string`
 * and `bytes` the single column `value`. Undeclared JSON columns are inferred from a sample of
 * the topic before this is asked (kafkaSource.ts), so JSON arrives here with columns.
 */
export function kafkaSchema(format: Exclude<KafkaFormat, 'avro' | 'protobuf'>, declared: Schema | undefined): Schema {
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
export function kafkaValueDecoder(format: Exclude<KafkaFormat, 'avro' | 'protobuf'>, schema: Schema, read?: readonly boolean[]): KafkaValueDecoder {
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
  }
}
