import type { Offsets, Producer, ProducerRecord, RecordMetadata } from 'kafkajs';
import type { ConnectorContext } from '../types.js';
import { kafkaSinkProducer, type KafkaClientConfig } from './kafkaClient.js';
import { withOwnEncoding } from './produceRequest/kafkajsProduceEncoding.js';
import { ONE_THREAD, type ThreadPlacement } from './producerThread/producerThread.js';
import type { ThreadProducerOptions } from './producerThread/protocol.js';
import { ThreadProducer } from './producerThread/threadProducer.js';

/** The transaction of a {@link SinkProducer}: what the transactional sink does in it. */
export interface SinkTransaction {
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  sendOffsets(offsets: Offsets & { consumerGroupId: string }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  isActive(): boolean;
}

/** What the Kafka sinks need of a producer (a kafkajs `Producer` is one). */
export interface SinkProducer {
  connect(): Promise<void>;
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  transaction(): Promise<SinkTransaction>;
  disconnect(): Promise<void>;
}

/** A kafkajs producer of the job's thread whose sends (in and out of transactions) are marked for our Produce encoding. */
function ownEncodingProducer(producer: Producer): SinkProducer {
  return {
    connect: () => producer.connect(),
    send: (record) => producer.send(withOwnEncoding(record)),
    transaction: async () => {
      const transaction = await producer.transaction();
      return {
        send: (record) => transaction.send(withOwnEncoding(record)),
        sendOffsets: (offsets) => transaction.sendOffsets(offsets),
        commit: () => transaction.commit(),
        abort: () => transaction.abort(),
        isActive: () => transaction.isActive(),
      };
    },
    disconnect: () => producer.disconnect(),
  };
}

/**
 * The connected producer of a Kafka sink: on one of the process's producer threads
 * ({@link ThreadProducer}, the one `placement` picks) when `thread` (the sink's
 * `producer.thread`, default true), else a kafkajs producer on the job's thread. Either way keys
 * are partitioned with Kafka's murmur2, so a key lands where other Kafka clients put it.
 */
export async function openSinkProducer(
  client: KafkaClientConfig,
  options: ThreadProducerOptions,
  thread: boolean,
  ctx: Pick<ConnectorContext, 'log'>,
  placement: ThreadPlacement = ONE_THREAD,
): Promise<SinkProducer> {
  const producer: SinkProducer = thread
    ? new ThreadProducer(client, options, ctx, placement)
    : ownEncodingProducer(kafkaSinkProducer(client, options, ctx));
  await producer.connect();
  return producer;
}
