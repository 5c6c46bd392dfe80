import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';
import type { ConnectorContext, ConnectorProperties } from '../types.js';
import { stringProperty } from '../properties.js';
import { registerKafkaCodecs } from './codecs/kafkaCodecs.js';
import { installKafkajsRecordBatchDecoding } from './fetchResponse/kafkajsRecordBatchDecoding.js';
import { installKafkajsProduceEncoding } from './produceRequest/kafkajsProduceEncoding.js';
import type { ThreadProducerOptions } from './producerThread/protocol.js';
import { wholeResponseSockets } from './wholeResponseSocket.js';

/** Where a Kafka connector connects: the brokers and the client id. */
export interface KafkaClientConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/** Reads `bootstrap.servers` and `client.id`. */
export function kafkaClientConfig(props: ConnectorProperties): KafkaClientConfig {
  const brokers = stringProperty(props, 'bootstrap.servers', 'localhost:9092')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return { brokers, clientId: stringProperty(props, 'client.id', 'ferris') };
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A kafkajs client whose log lines go to the job's structured log (kafkajs errors and warnings
 * as such, its chatty info lines as debug). This module and its neighbours are the only ones
 * importing kafkajs. Snappy, lz4 and zstd batches are read and written through the codecs of
 * {@link registerKafkaCodecs}. Its sockets hand kafkajs whole responses only
 * ({@link wholeResponseSockets}): a connection reset in the middle of a response would
 * otherwise leave kafkajs reading every later response of that connection from a wrong offset.
 * Its consumers read record batches with our decoder ({@link installKafkajsRecordBatchDecoding}).
 */
export function kafkaClient(config: KafkaClientConfig, ctx: Pick<ConnectorContext, 'log'>): Kafka {
  registerKafkaCodecs();
  installKafkajsProduceEncoding();
  installKafkajsRecordBatchDecoding();
  return new Kafka({
    brokers: [...config.brokers],
    clientId: config.clientId,
    socketFactory: wholeResponseSockets,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...fields } = log;
        ctx.log(LEVELS[level] ?? 'debug', `kafka: ${message}`, fields);
      },
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}

/**
 * A Kafka sink's kafkajs producer (on a producer thread or the job's): `options` as the sink
 * set them, topics created on first use, and the Java client's murmur2 partitioner, so that a
 * key lands on the partition other Kafka clients pick for it.
 */
export function kafkaSinkProducer(client: KafkaClientConfig, options: ThreadProducerOptions, ctx: Pick<ConnectorContext, 'log'>): Producer {
  return kafkaClient(client, ctx).producer({
    ...options,
    retry: { retries: options.retries },
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
