import { FerrisError, notSupported } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import { OUTPUT_FORMAT_PROPERTIES } from '../commonProperties.js';
import { formatOptions } from '../outputOptions.js';
import { enumProperty, requiredProperty } from '../properties.js';
import type { ConnectorProperties, PropertySpec, SinkFactory } from '../types.js';
import { KAFKA_CLIENT_PROPERTIES, kafkaClientConfig } from './kafkaClient.js';
import { KafkaSink, type KafkaSinkConfig } from './kafkaSink.js';

const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const ACKS = ['all', '-1', '1', '0'] as const;
const CODEC_NEEDED = 'it needs a compression codec that is not installed; use gzip or none';
const UNBUILT_COMPRESSIONS = { snappy: CODEC_NEEDED, lz4: CODEC_NEEDED, zstd: CODEC_NEEDED };
const UNBUILT_FORMATS = { avro: 'schemas are not built yet; use json', protobuf: 'schemas are not built yet; use json' };
/** Output columns that hold a row's event time, taken as the message timestamp when `timestamp.field` is not set. */
const EVENT_TIME_COLUMNS = ['_timestamp', '_window_end', 'window_end'];

const PROPERTIES: readonly PropertySpec[] = [
  ...KAFKA_CLIENT_PROPERTIES,
  { key: 'topic', description: 'the topic written to (an existing one, or created by the broker on first use)' },
  { key: 'format', description: 'the message value format (avro and protobuf: not supported yet)', default: 'json', values: ['json', 'avro', 'protobuf'], notSupportedYet: UNBUILT_FORMATS },
  { key: 'value.format', description: "same as 'format'", default: 'json', values: ['json', 'avro', 'protobuf'], notSupportedYet: UNBUILT_FORMATS },
  {
    key: 'compression.type',
    description: 'compression of the produced batches (snappy, lz4, zstd: not supported yet)',
    default: 'none',
    values: COMPRESSIONS,
    notSupportedYet: UNBUILT_COMPRESSIONS,
  },
  { key: 'compression', description: "same as 'compression.type'", default: 'none', values: COMPRESSIONS, notSupportedYet: UNBUILT_COMPRESSIONS },
  { key: 'acks', description: 'acknowledgements awaited per send: all (-1), the leader (1), none (0)', default: 'all', values: ACKS },
  {
    key: 'timestamp.field',
    description: 'the TIMESTAMP column whose value is the message timestamp',
    default: `the first output column of ${EVENT_TIME_COLUMNS.join(', ')}; otherwise the broker's time`,
  },
  ...OUTPUT_FORMAT_PROPERTIES,
];

/** The column of `timestamp.field` (which must be an output TIMESTAMP column), or the first event-time column present. */
function timestampField(props: ConnectorProperties, schema: Schema): string | undefined {
  const field = props.get('timestamp.field');
  const timestamps = schema.fields.filter((f) => f.type.kind === 'TIMESTAMP').map((f) => f.name);
  if (field === undefined) return EVENT_TIME_COLUMNS.find((name) => timestamps.some((t) => t.toLowerCase() === name));
  if (!timestamps.some((t) => t.toLowerCase() === field.toLowerCase())) {
    const valid = timestamps.length === 0 ? 'the output has no TIMESTAMP column' : `TIMESTAMP columns: ${timestamps.join(', ')}`;
    throw new FerrisError('CONFIG', `kafka_sink: 'timestamp.field' = '${field}' is not a TIMESTAMP column of the output; ${valid}`);
  }
  return field;
}

/** Reads the properties of a Kafka sink into its configuration; `schema` is the output's. */
export function kafkaSinkConfig(props: ConnectorProperties, schema: Schema): KafkaSinkConfig {
  const formatKey = props.has('value.format') ? 'value.format' : 'format';
  const format = enumProperty(props, formatKey, ['json', 'avro', 'protobuf'], 'json');
  if (format !== 'json') throw notSupported(`format = '${format}' for kafka_sink (use json)`);
  const compressionKey = props.has('compression.type') ? 'compression.type' : 'compression';
  const compression = enumProperty(props, compressionKey, COMPRESSIONS, 'none');
  if (compression !== 'none' && compression !== 'gzip') {
    throw notSupported(`'${compressionKey}' = '${compression}' for kafka_sink (${CODEC_NEEDED})`);
  }
  const acks = enumProperty(props, 'acks', ACKS, 'all');
  return {
    ...formatOptions(props),
    client: kafkaClientConfig(props),
    topic: requiredProperty(props, 'topic', 'kafka_sink'),
    compression,
    acks: acks === 'all' ? -1 : (Number(acks) as -1 | 0 | 1),
    timestampField: timestampField(props, schema),
  };
}

/** `kafka_sink`: rows as JSON messages of a topic, keyed by the output's key columns. */
export const kafkaSinkFactory: SinkFactory = {
  type: 'kafka_sink',
  properties: PROPERTIES,
  open: async (props, schema, ctx) => KafkaSink.open(kafkaSinkConfig(props, schema), schema, ctx),
};
