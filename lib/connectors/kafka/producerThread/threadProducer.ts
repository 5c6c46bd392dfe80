import type { Offsets, ProducerRecord, RecordMetadata } from 'kafkajs';
import type { ConnectorContext } from '../../types.js';
import type { KafkaClientConfig } from '../kafkaClient.js';
import type { SinkProducer, SinkTransaction } from '../sinkProducer.js';
import { errorOf, type ThreadProducerOptions } from './protocol.js';
import { ONE_THREAD, ProducerThread, type ThreadPlacement, type ThreadReply, type ThreadRequest } from './producerThread.js';

/** A request of one producer: the thread's request without the producer's number. */
type OwnRequest = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'producer'> : never) : never;

/**
 * A Kafka sink's producer on the process's producer thread ({@link ProducerThread}): kafkajs's
 * producing of each message (partition grouping, encoding, requests) runs beside the job's
 * decoding and SQL instead of between them, as the Java client's sender thread and librdkafka's threads
 * do. Its requests reach the thread in order and are answered in order; records cross as
 * structured clones. An error of the thread's producer comes back with kafkajs's name, type,
 * code, retriable flag and causes, so restarts and fencing read it as they would in process.
 */
export class ThreadProducer implements SinkProducer {
  private readonly thread: ProducerThread;
  private readonly producer: number;
  /** Whether the producer had a transaction open after its last answer. */
  private active = false;
  private left = false;

  /** `placement`: which of the process's producer threads holds it (the first, by default). */
  constructor(client: KafkaClientConfig, options: ThreadProducerOptions, ctx: Pick<ConnectorContext, 'log'>, placement: ThreadPlacement = ONE_THREAD) {
    ({ thread: this.thread, producer: this.producer } = ProducerThread.join(ctx.log, placement));
    // Queued first: every later request of this producer finds it made.
    void this.call({ op: 'create', client, options }).catch(() => undefined);
  }

  /** Connects the producer. */
  async connect(): Promise<void> {
    await this.call({ op: 'connect' });
  }

  /** Sends a record outside any transaction. */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return (await this.call({ op: 'send', record })).metadata ?? [];
  }

  /** Begins a transaction (a transactional producer). */
  async transaction(): Promise<SinkTransaction> {
    await this.call({ op: 'begin' });
    return {
      send: async (record) => (await this.call({ op: 'transactionSend', record })).metadata ?? [],
      sendOffsets: async (offsets: Offsets & { consumerGroupId: string }) => void (await this.call({ op: 'sendOffsets', offsets })),
      commit: async () => void (await this.call({ op: 'commit' })),
      abort: async () => void (await this.call({ op: 'abort' })),
      isActive: () => this.active,
    };
  }

  /** Disconnects the producer; the thread ends once it has had no producer for a while. */
  async disconnect(): Promise<void> {
    if (this.left) return;
    this.left = true;
    try {
      await this.call({ op: 'disconnect' });
    } finally {
      this.thread.leave(this.producer);
    }
  }

  /** One request; its answer's error (the producer's) is thrown, after noting whether a transaction is still open. */
  private async call(request: OwnRequest): Promise<ThreadReply> {
    let reply: ThreadReply;
    try {
      reply = await this.thread.call({ ...request, producer: this.producer } as ThreadRequest);
    } catch (error) {
      // The thread itself failed: its producer, and any transaction of it, are gone.
      this.active = false;
      throw error;
    }
    this.active = reply.active;
    if (reply.error !== undefined) throw errorOf(reply.error);
    return reply;
  }
}
