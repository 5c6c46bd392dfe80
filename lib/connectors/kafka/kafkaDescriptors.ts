import { DLQ_PATH_PROPERTY, OUTPUT_FORMAT_PROPERTIES } from '../commonProperties.js';
import type { ConnectorDescriptor } from '../lazyFactory.js';
import type { PropertySpec } from '../types.js';
import { availableParallelism } from 'node:os';
import { enumProperty, integerProperty } from '../properties.js';
import type { ConnectorProperties } from '../types.js';
import { SINK_SCHEMA_PROPERTIES, VALUE_SCHEMA_PROPERTIES, valueSchemaConfig } from './formats/valueSchemaConfig.js';
import { DEFAULT_LIVENESS_TIMEOUT_MS } from './consumerLiveness.js';
import { settingsOf, type KafkaSettingSide } from './settings/kafkaSettingSpecs.js';
import { resolveKafkaSettings } from './settings/resolveKafkaSettings.js';
import { ProducerThread } from './producerThread/producerThread.js';

/*
 * The Kafka connectors' types and properties, apart from their code: the registry validates a
 * job's keys with these and loads the connectors (and kafkajs) only when a job opens one, so
 * jobs that do not read or write Kafka never load the client library.
 */

/** The client properties both Kafka connectors accept. */
export const KAFKA_CLIENT_PROPERTIES: readonly PropertySpec[] = [
  { key: 'bootstrap.servers', description: 'comma-separated host:port list of brokers', default: 'localhost:9092' },
  { key: 'client.id', description: 'the client id the broker sees', default: 'ferris' },
];

/** The client settings a batch strategy can suggest, as properties (each alias too), for validation and listings. */
function clientSettingProperties(side: KafkaSettingSide): PropertySpec[] {
  return settingsOf(side).flatMap((spec) => {
    const description = spec.unsupported === undefined ? spec.effect : `not supported: ${spec.unsupported}`;
    const fallback = spec.default ?? spec.derivedDefault;
    const property: PropertySpec = {
      key: spec.key,
      description,
      ...(fallback === undefined ? {} : { default: `${fallback}, or the batch strategy's suggestion` }),
      ...(spec.values === undefined ? {} : { values: spec.values }),
    };
    return [property, ...(spec.aliases ?? []).map((alias) => ({ ...property, key: alias, description: `same as '${spec.key}'` }))];
  });
}

/** The message value formats of the Kafka source. */
export const KAFKA_FORMATS = ['json', 'string', 'bytes', 'avro', 'protobuf'] as const;
/** The message value formats of the Kafka sink. */
export const KAFKA_SINK_FORMATS = ['json', 'avro', 'protobuf'] as const;

/**
 * The default of `max.buffered.batches`: 64 batches (64,000 rows at the default batch size),
 * more than one whole fetch of four partitions of ~120-byte records at the default
 * `max.partition.fetch.bytes` (1 MiB a partition, about 9,500 such records, 40 batches), so
 * that the partitions resumed at half (32 batches) are fetched again before the pipeline runs
 * dry. With 16 the pipeline waited for the source a third of the time at the peak
 * (docs/performance-notes.md, "The Kafka source's buffer, sized to its fetches").
 */
export const DEFAULT_MAX_BUFFERED_BATCHES = 64;

/**
 * The default of `producer.threads`: two producer threads where the machine has two cores or
 * more. kafkajs's encoding of each message is most of a Kafka job's client CPU; spread over
 * two threads under a backlog the job ran 13-15% faster than on one, on a 2-core machine
 * (docs/performance-notes.md, "Two producer threads"), and at a light load a sink uses the
 * first only (`PartitionedSender`).
 */
export const DEFAULT_PRODUCER_THREADS = Math.min(2, availableParallelism());

/** A sink's `producer.threads` (at least 1; {@link DEFAULT_PRODUCER_THREADS} when not given). */
export function producerThreads(props: ConnectorProperties): number {
  return integerProperty(props, 'producer.threads', DEFAULT_PRODUCER_THREADS, 1);
}

/** The properties of `kafka_source`. */
export const KAFKA_SOURCE_PROPERTIES: readonly PropertySpec[] = [
  ...KAFKA_CLIENT_PROPERTIES,
  { key: 'topic', description: 'the topic to read, or a comma-separated list of topics' },
  { key: 'topic.pattern', description: 'a regular expression: read every topic whose whole name matches (instead of topic)' },
  { key: 'group.id', description: 'the consumer group; its committed offsets are where a restart resumes', default: "'ferris-' + the job's name" },
  { key: 'auto.offset.reset', description: 'where a partition without a committed offset starts', default: 'latest', values: ['earliest', 'latest'] },
  { key: 'isolation.level', description: 'read_committed skips records of open and aborted transactions', default: 'read_committed', values: ['read_committed', 'read_uncommitted'] },
  { key: 'format', description: 'the message value format', default: 'json', values: KAFKA_FORMATS },
  { key: 'value.format', description: "same as 'format'", default: 'json', values: KAFKA_FORMATS },
  ...VALUE_SCHEMA_PROPERTIES,
  { key: 'schema.sample.records', description: 'without declared columns (JSON): how many records of the topic are sampled to infer them', default: '100' },
  { key: 'schema.sample.timeout.ms', description: 'without declared columns (JSON): how long to wait for a first record to infer them from', default: '10000' },
  { key: 'max.buffered.batches', description: 'batches fetched ahead of the pipeline before the partitions are paused', default: String(DEFAULT_MAX_BUFFERED_BATCHES) },
  {
    key: 'liveness.timeout.ms',
    description: 'the longest the consumer may go without completing a fetch or a batch before the job fails as stalled (and restarts, per its restart strategy); 0 turns the watch off',
    default: String(DEFAULT_LIVENESS_TIMEOUT_MS),
  },
  ...clientSettingProperties('source'),
  DLQ_PATH_PROPERTY,
];

export { ACKS, COMPRESSIONS } from './settings/kafkaSettingSpecs.js';
/** Output columns that hold a row's event time, taken as the message timestamp when `timestamp.field` is not set. */
export const EVENT_TIME_COLUMNS = ['_timestamp', '_window_end', 'window_end'];

/** The properties of `kafka_sink`. */
export const KAFKA_SINK_PROPERTIES: readonly PropertySpec[] = [
  ...KAFKA_CLIENT_PROPERTIES,
  { key: 'topic', description: 'the topic written to (an existing one, or created by the broker on first use)' },
  { key: 'format', description: 'the message value format', default: 'json', values: KAFKA_SINK_FORMATS },
  { key: 'value.format', description: "same as 'format'", default: 'json', values: KAFKA_SINK_FORMATS },
  ...SINK_SCHEMA_PROPERTIES,
  ...clientSettingProperties('sink'),
  {
    key: 'transaction.timeout.ms',
    description: "'mode' = 'transactional': the broker aborts a transaction open longer than this (the job then restarts from its last checkpoint)",
    default: 'the larger of 60000 and twice checkpoint.interval',
  },
  {
    key: 'producer.thread',
    description: "whether the sink's producer runs on the process's producer thread (kafkajs's encoding beside the job's SQL) or on the job's thread",
    default: 'true',
    values: ['true', 'false'],
  },
  {
    key: 'producer.threads',
    description:
      "how many producer threads the sink's messages are spread over, by partition (each partition's messages stay on one thread, in order); a transactional job's producers, one per task, are spread over them",
    default: '2 (1 on a one-core machine)',
    min: 1,
  },
  {
    key: 'timestamp.field',
    description: 'the TIMESTAMP column whose value is the message timestamp',
    default: `the first output column of ${EVENT_TIME_COLUMNS.join(', ')}; otherwise the broker's time`,
  },
  ...OUTPUT_FORMAT_PROPERTIES,
];

/** The value format of a connector's properties (`value.format` or `format`). */
export function kafkaFormat<T extends string>(props: ConnectorProperties, formats: readonly T[]): T {
  return enumProperty(props, props.has('value.format') ? 'value.format' : 'format', formats, 'json' as T);
}

/** `kafka_source`: its type and properties; the source is in kafkaSourceFactory.ts, loaded by the first open. */
export const KAFKA_SOURCE_DESCRIPTOR: ConnectorDescriptor = {
  type: 'kafka_source',
  properties: KAFKA_SOURCE_PROPERTIES,
  endsByItself: () => false,
  checkProperties: (props, keysAsWritten) => {
    valueSchemaConfig(props, kafkaFormat(props, KAFKA_FORMATS), 'source', 'kafka_source');
    resolveKafkaSettings('source', props, { strategy: undefined, ...(keysAsWritten && { keysAsWritten }) });
  },
};

/** `kafka_sink`: its type and properties; the sink is in kafkaSinkFactory.ts, loaded by the first open. */
export const KAFKA_SINK_DESCRIPTOR: ConnectorDescriptor = {
  type: 'kafka_sink',
  properties: KAFKA_SINK_PROPERTIES,
  // The producer thread loads kafkajs while the job's sources connect (a bad value is refused by open).
  prepare: (props) => {
    if (props.get('producer.thread')?.trim().toLowerCase() === 'false') return;
    // The key's value was checked with the properties (its spec's `min`).
    ProducerThread.warm(producerThreads(props));
  },
  checkProperties: (props, keysAsWritten) => {
    valueSchemaConfig(props, kafkaFormat(props, KAFKA_SINK_FORMATS), 'sink', 'kafka_sink');
    resolveKafkaSettings('sink', props, { strategy: undefined, ...(keysAsWritten && { keysAsWritten }) });
  },
};
