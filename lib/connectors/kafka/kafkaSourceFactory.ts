import { FerrisError } from '../../types/errors.js';
import { enumProperty, integerProperty } from '../properties.js';
import type { ConnectorProperties, SourceFactory } from '../types.js';
import { kafkaClientConfig } from './kafkaClient.js';
import { DEFAULT_MAX_BUFFERED_BATCHES, KAFKA_FORMATS, KAFKA_SOURCE_PROPERTIES, kafkaFormat } from './kafkaDescriptors.js';
import { DEFAULT_LIVENESS_TIMEOUT_MS } from './consumerLiveness.js';
import { KafkaSource, type KafkaSourceConfig } from './kafkaSource.js';
import { valueSchemaConfig } from './formats/valueSchemaConfig.js';
import { openingSettings, resolveKafkaSettings, settingNumber, type KafkaSettings } from './settings/resolveKafkaSettings.js';

/**
 * Reads the properties of a Kafka source into its configuration; its consumer settings
 * (`fetch.*`, `max.poll.records`, `session.timeout.ms`, ...) are `settings`, by default
 * resolved without a batch strategy.
 */
export function kafkaSourceConfig(props: ConnectorProperties, jobName = 'job', settings: KafkaSettings = resolveKafkaSettings('source', props, { strategy: undefined })): KafkaSourceConfig {
  const topicList = props.get('topic');
  const patternText = props.get('topic.pattern');
  if ((topicList === undefined) === (patternText === undefined)) {
    throw new FerrisError('CONFIG', "kafka_source: set either 'topic' (a name or a comma-separated list) or 'topic.pattern' (a regular expression)");
  }
  const topics = (topicList ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (topicList !== undefined && topics.length === 0) throw new FerrisError('CONFIG', "kafka_source: 'topic' names no topic");
  const format = kafkaFormat(props, KAFKA_FORMATS);
  return {
    client: kafkaClientConfig(props),
    topics,
    pattern: patternText === undefined ? undefined : topicPattern(patternText),
    groupId: props.get('group.id') ?? `ferris-${jobName}`,
    autoOffsetReset: enumProperty(props, 'auto.offset.reset', ['earliest', 'latest'], 'latest'),
    isolationLevel: enumProperty(props, 'isolation.level', ['read_committed', 'read_uncommitted'], 'read_committed'),
    format,
    valueSchema: valueSchemaConfig(props, format, 'source', 'kafka_source'),
    schemaSample: {
      records: integerProperty(props, 'schema.sample.records', 100, 1),
      timeoutMs: integerProperty(props, 'schema.sample.timeout.ms', 10_000, 0),
    },
    batchSize: settingNumber(settings, 'max.poll.records'),
    maxBufferedBatches: integerProperty(props, 'max.buffered.batches', DEFAULT_MAX_BUFFERED_BATCHES, 1),
    fetch: {
      minBytes: settingNumber(settings, 'fetch.min.bytes'),
      maxWaitMs: settingNumber(settings, 'fetch.max.wait.ms'),
      maxBytes: settingNumber(settings, 'fetch.max.bytes'),
      maxBytesPerPartition: settingNumber(settings, 'max.partition.fetch.bytes'),
    },
    sessionTimeoutMs: settingNumber(settings, 'session.timeout.ms'),
    heartbeatIntervalMs: settingNumber(settings, 'heartbeat.interval.ms'),
    livenessTimeoutMs: integerProperty(props, 'liveness.timeout.ms', DEFAULT_LIVENESS_TIMEOUT_MS, 0),
  };
}


function topicPattern(text: string): RegExp {
  try {
    return new RegExp(`^(?:${text})$`);
  } catch (error) {
    throw new FerrisError('CONFIG', `invalid value '${text}' for 'topic.pattern': ${(error as Error).message}`, { cause: error });
  }
}

/** `kafka_source`: JSON, text or binary records of Kafka topics, read through a consumer group. */
export const kafkaSourceFactory: SourceFactory = {
  type: 'kafka_source',
  properties: KAFKA_SOURCE_PROPERTIES,
  open: async (props, declared, ctx) => KafkaSource.open(kafkaSourceConfig(props, ctx.jobName, openingSettings('source', props, ctx)), declared, ctx),
};
