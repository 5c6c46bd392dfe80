import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import { formatOptions } from '../outputOptions.js';
import { enumProperty, optionalIntegerProperty, requiredProperty } from '../properties.js';
import type { ConnectorProperties, SinkFactory } from '../types.js';
import { kafkaClientConfig } from './kafkaClient.js';
import { valueSchemaConfig } from './formats/valueSchemaConfig.js';
import { ACKS, COMPRESSIONS, EVENT_TIME_COLUMNS, KAFKA_SINK_FORMATS, KAFKA_SINK_PROPERTIES, kafkaFormat } from './kafkaDescriptors.js';
import { KafkaSink, type KafkaSinkConfig } from './kafkaSink.js';
import { KafkaTransactionalSink } from './kafkaTransactionalSink.js';


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
  const format = kafkaFormat(props, KAFKA_SINK_FORMATS);
  const compressionKey = props.has('compression.type') ? 'compression.type' : 'compression';
  const compression = enumProperty(props, compressionKey, COMPRESSIONS, 'none');
  const acks = enumProperty(props, 'acks', ACKS, 'all');
  return {
    ...formatOptions(props),
    client: kafkaClientConfig(props),
    topic: requiredProperty(props, 'topic', 'kafka_sink'),
    format,
    valueSchema: valueSchemaConfig(props, format, 'sink', 'kafka_sink'),
    compression,
    acks: acks === 'all' ? -1 : (Number(acks) as -1 | 0 | 1),
    timestampField: timestampField(props, schema),
    transactionTimeoutMs: optionalIntegerProperty(props, 'transaction.timeout.ms', 1),
  };
}

/** `kafka_sink`: rows as JSON, Avro or Protobuf messages of a topic, keyed by the output's key columns; transactional in `'mode' = 'transactional'`. */
export const kafkaSinkFactory: SinkFactory = {
  type: 'kafka_sink',
  properties: KAFKA_SINK_PROPERTIES,
  open: async (props, schema, ctx) => {
    const config = kafkaSinkConfig(props, schema);
    const checkpointing = ctx.checkpointing;
    if (config.transactionTimeoutMs !== undefined && checkpointing?.store !== 'kafka') {
      throw new FerrisError('CONFIG', "kafka_sink: 'transaction.timeout.ms' applies to 'mode' = 'transactional' only (this job writes without transactions)");
    }
    return checkpointing?.store === 'kafka' ? KafkaTransactionalSink.open(config, schema, ctx, checkpointing) : KafkaSink.open(config, schema, ctx);
  },
};
