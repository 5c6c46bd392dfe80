import { FerrisError } from '../../types/errors.js';
import { BATCH_SIZE_PROPERTY, DLQ_PATH_PROPERTY } from '../commonProperties.js';
import { enumProperty, integerProperty } from '../properties.js';
import { DEFAULT_BATCH_SIZE } from '../rowBatcher.js';
import type { ConnectorProperties, PropertySpec, SourceFactory } from '../types.js';
import { KAFKA_CLIENT_PROPERTIES, kafkaClientConfig } from './kafkaClient.js';
import { KafkaSource, type KafkaSourceConfig } from './kafkaSource.js';
import { KAFKA_FORMATS } from './kafkaValueDecoder.js';

const UNBUILT_FORMATS = { avro: 'schemas are not built yet; use json, string or bytes', protobuf: 'schemas are not built yet; use json, string or bytes' };

const PROPERTIES: readonly PropertySpec[] = [
  ...KAFKA_CLIENT_PROPERTIES,
  { key: 'topic', description: 'the topic to read, or a comma-separated list of topics' },
  { key: 'topic.pattern', description: 'a regular expression: read every topic whose whole name matches (instead of topic)' },
  { key: 'group.id', description: 'the consumer group; its committed offsets are where a restart resumes', default: "'ferris-' + the job's name" },
  { key: 'auto.offset.reset', description: 'where a partition without a committed offset starts', default: 'latest', values: ['earliest', 'latest'] },
  { key: 'isolation.level', description: 'read_committed skips records of open and aborted transactions', default: 'read_committed', values: ['read_committed', 'read_uncommitted'] },
  { key: 'format', description: 'the message value format (avro and protobuf: not supported yet)', default: 'json', values: KAFKA_FORMATS, notSupportedYet: UNBUILT_FORMATS },
  { key: 'value.format', description: "same as 'format'", default: 'json', values: KAFKA_FORMATS, notSupportedYet: UNBUILT_FORMATS },
  { key: 'max.buffered.batches', description: 'batches fetched ahead of the pipeline before the partitions are paused', default: '16' },
  { key: 'fetch.min.bytes', description: 'the broker answers a fetch once it has this many bytes (or fetch.max.wait.ms passed)', default: '1' },
  { key: 'fetch.max.wait.ms', description: 'how long the broker may hold a fetch waiting for fetch.min.bytes', default: '250' },
  { key: 'fetch.max.bytes', description: 'the most bytes one fetch returns', default: '10485760' },
  { key: 'max.partition.fetch.bytes', description: 'the most bytes one fetch returns per partition', default: '1048576' },
  { key: 'session.timeout.ms', description: 'how long the group waits for a silent member before giving its partitions to others', default: '10000' },
  BATCH_SIZE_PROPERTY,
  DLQ_PATH_PROPERTY,
];

/** Reads the properties of a Kafka source into its configuration. */
export function kafkaSourceConfig(props: ConnectorProperties, jobName = 'job'): KafkaSourceConfig {
  const topicList = props.get('topic');
  const patternText = props.get('topic.pattern');
  if ((topicList === undefined) === (patternText === undefined)) {
    throw new FerrisError('CONFIG', "kafka_source: set either 'topic' (a name or a comma-separated list) or 'topic.pattern' (a regular expression)");
  }
  const topics = (topicList ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (topicList !== undefined && topics.length === 0) throw new FerrisError('CONFIG', "kafka_source: 'topic' names no topic");
  const formatKey = props.has('value.format') ? 'value.format' : 'format';
  return {
    client: kafkaClientConfig(props),
    topics,
    pattern: patternText === undefined ? undefined : topicPattern(patternText),
    groupId: props.get('group.id') ?? `ferris-${jobName}`,
    autoOffsetReset: enumProperty(props, 'auto.offset.reset', ['earliest', 'latest'], 'latest'),
    isolationLevel: enumProperty(props, 'isolation.level', ['read_committed', 'read_uncommitted'], 'read_committed'),
    format: enumProperty(props, formatKey, KAFKA_FORMATS, 'json'),
    batchSize: integerProperty(props, 'batch.size', DEFAULT_BATCH_SIZE, 1),
    maxBufferedBatches: integerProperty(props, 'max.buffered.batches', 16, 1),
    fetch: {
      minBytes: integerProperty(props, 'fetch.min.bytes', 1, 1),
      maxWaitMs: integerProperty(props, 'fetch.max.wait.ms', 250, 0),
      maxBytes: integerProperty(props, 'fetch.max.bytes', 10_485_760, 1),
      maxBytesPerPartition: integerProperty(props, 'max.partition.fetch.bytes', 1_048_576, 1),
    },
    sessionTimeoutMs: integerProperty(props, 'session.timeout.ms', 10_000, 1),
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
  properties: PROPERTIES,
  open: async (props, declared, ctx) => KafkaSource.open(kafkaSourceConfig(props, ctx.jobName), declared, ctx),
};
