import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import { formatOptions } from '../outputOptions.js';
import { booleanProperty, optionalIntegerProperty, requiredProperty } from '../properties.js';
import type { ConnectorProperties, SinkFactory } from '../types.js';
import { kafkaClientConfig } from './kafkaClient.js';
import { valueSchemaConfig } from './formats/valueSchemaConfig.js';
import { EVENT_TIME_COLUMNS, KAFKA_SINK_FORMATS, KAFKA_SINK_PROPERTIES, kafkaFormat, producerThreads } from './kafkaDescriptors.js';
import { KafkaSink, type Compression, type KafkaSinkConfig } from './kafkaSink.js';
import { openingSettings, resolveKafkaSettings, settingName, settingNumber, type KafkaSettings } from './settings/resolveKafkaSettings.js';
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

/**
 * Reads the properties of a Kafka sink into its configuration; `schema` is the output's. Its
 * producer settings (`batch.size` in bytes, `linger.ms`, `compression.type`, `acks`,
 * `retries`) are `settings`, by default resolved without a batch strategy.
 */
export function kafkaSinkConfig(props: ConnectorProperties, schema: Schema, settings: KafkaSettings = resolveKafkaSettings('sink', props, { strategy: undefined })): KafkaSinkConfig {
  const format = kafkaFormat(props, KAFKA_SINK_FORMATS);
  const acks = settingName(settings, 'acks');
  const producerThread = booleanProperty(props, 'producer.thread', true);
  if (!producerThread && props.has('producer.threads')) {
    throw new FerrisError('CONFIG', "kafka_sink: 'producer.threads' spreads the producer over producer threads, and 'producer.thread' = 'false' keeps it on the job's thread: set one of them");
  }
  return {
    ...formatOptions(props),
    client: kafkaClientConfig(props),
    topic: requiredProperty(props, 'topic', 'kafka_sink'),
    format,
    valueSchema: valueSchemaConfig(props, format, 'sink', 'kafka_sink'),
    compression: settingName(settings, 'compression.type') as Compression,
    acks: acks === 'all' ? -1 : (Number(acks) as -1 | 0 | 1),
    batchBytes: settingNumber(settings, 'batch.size'),
    lingerMs: settingNumber(settings, 'linger.ms'),
    retries: settingNumber(settings, 'retries'),
    timestampField: timestampField(props, schema),
    transactionTimeoutMs: optionalIntegerProperty(props, 'transaction.timeout.ms', 1),
    producerThread,
    producerThreads: producerThreads(props),
  };
}


/** `kafka_sink`: rows as JSON, Avro or Protobuf messages of a topic, keyed by the output's key columns; transactional in `'mode' = 'transactional'`. */
export const kafkaSinkFactory: SinkFactory = {
  type: 'kafka_sink',
  properties: KAFKA_SINK_PROPERTIES,
  open: async (props, schema, ctx) => {
    const config = kafkaSinkConfig(props, schema, openingSettings('sink', props, ctx));
    const checkpointing = ctx.checkpointing;
    if (config.transactionTimeoutMs !== undefined && checkpointing?.store !== 'kafka') {
      throw new FerrisError('CONFIG', "kafka_sink: 'transaction.timeout.ms' applies to 'mode' = 'transactional' only (this job writes without transactions)");
    }
    return checkpointing?.store === 'kafka' ? KafkaTransactionalSink.open(config, schema, ctx, checkpointing) : KafkaSink.open(config, schema, ctx);
  },
};
