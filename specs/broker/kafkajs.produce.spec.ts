import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes } from 'kafkajs';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { consumeAll, kafkaFor, testBroker, waitFor } from './helpers.js';

const PRODUCE = 0;

describe('broker with kafkajs producers and consumers', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await testBroker();
  });

  afterAll(async () => {
    await broker.close();
  });

  it.each([0, 1, -1])('stores what a producer with acks=%i sends, keys, headers and null values included', async (acks) => {
    const kafka = kafkaFor(broker);
    const topic = `produce-acks${acks}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks,
      messages: [
        { key: 'k1', value: 'one', partition: 0, headers: { trace: 'abc' } },
        { key: 'k2', value: null, partition: 1 },
        { key: null, value: 'three', partition: 0 },
      ],
    });
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => [o.partition, o.high])).toEqual([[0, '2'], [1, '1']]);
    await admin.disconnect();
    const seen = await consumeAll(kafka, topic, 3);
    expect(seen.sort((a, b) => a.partition - b.partition || a.offset - b.offset)).toEqual([
      { partition: 0, offset: 0, key: 'k1', value: 'one' },
      { partition: 0, offset: 1, key: null, value: 'three' },
      { partition: 1, offset: 0, key: 'k2', value: null },
    ]);
  });

  it('keeps gzip batches as sent and serves them back', async () => {
    const kafka = kafkaFor(broker);
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: `gzip value ${i} `.repeat(5) }));
    await producer.send({ topic: 'produce-gzip', compression: CompressionTypes.GZIP, messages });
    await producer.disconnect();
    const seen = await consumeAll(kafka, 'produce-gzip', 200);
    expect(seen.map((r) => r.value)).toEqual(messages.map((m) => m.value));
    expect(seen.map((r) => r.offset)).toEqual(messages.map((_, i) => i));
  });

  it('answers a parked fetch as soon as a record arrives', async () => {
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'produce-longpoll' }] });
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: 'longpoll', maxWaitTimeInMs: 10_000 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'produce-longpoll', fromBeginning: true });
    let receivedAt = 0;
    const received = new Promise<void>((resolve) => {
      void consumer.run({ eachMessage: async () => { receivedAt = Date.now(); resolve(); } });
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const producer = kafka.producer();
    await producer.connect();
    const sentAt = Date.now();
    await producer.send({ topic: 'produce-longpoll', messages: [{ value: 'wake up' }] });
    await received;
    expect(receivedAt - sentAt).toBeLessThan(3000);
    await producer.disconnect();
    await consumer.disconnect();
  });

  it('answers a fetch parked on several partitions with all the partitions of one produce', async () => {
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'produce-longpoll-partitions', numPartitions: 4 }] });
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: 'longpoll-partitions', maxWaitTimeInMs: 5000 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'produce-longpoll-partitions', fromBeginning: true });
    let fetches = 0;
    consumer.on(consumer.events.FETCH_START, () => fetches++);
    /** The fetch (counted as kafkajs starts them) each partition's records came in. */
    const fetchOf = new Map<number, number>();
    const allFour = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          fetchOf.set(batch.partition, fetches);
          if (fetchOf.size === 4) resolve();
        },
      });
    });
    await waitFor('the consumer to park its fetch', () => (fetches > 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'produce-longpoll-partitions', messages: [0, 1, 2, 3].map((partition) => ({ value: `p${partition}`, partition })) });
    await allFour;
    expect(new Set(fetchOf.values()).size).toBe(1);
    await producer.disconnect();
    await consumer.disconnect();
  });

  it('de-duplicates an idempotent batch retried after its answer was lost', async () => {
    const kafka = kafkaFor(broker);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: 'produce-idempotent', messages: [{ value: 'first' }] });
    const remove = broker.faults.add({ apiKey: PRODUCE, times: 1, action: { kind: 'drop', afterHandling: true } });
    const [result] = await producer.send({ topic: 'produce-idempotent', messages: [{ value: 'second' }, { value: 'third' }] });
    remove();
    expect(result?.baseOffset).toBe('1');
    await producer.send({ topic: 'produce-idempotent', messages: [{ value: 'fourth' }] });
    await producer.disconnect();
    const seen = await consumeAll(kafka, 'produce-idempotent', 4);
    expect(seen.map((r) => r.value)).toEqual(['first', 'second', 'third', 'fourth']);
  });

  it('lets fault injection answer an API with an error code and delay answers', async () => {
    const kafka = kafkaFor(broker, { retry: { retries: 0 } });
    const producer = kafka.producer();
    await producer.connect();
    const removeError = broker.faults.add({ apiKey: PRODUCE, times: 1, action: { kind: 'error', errorCode: 87 } });
    await expect(producer.send({ topic: 'produce-faults', messages: [{ value: 'x' }] })).rejects.toThrow();
    removeError();
    const removeDelay = broker.faults.add({ apiKey: PRODUCE, times: 1, action: { kind: 'delay', ms: 400 } });
    const started = Date.now();
    await producer.send({ topic: 'produce-faults', messages: [{ value: 'y' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    removeDelay();
    await producer.disconnect();
    const seen = await consumeAll(kafka, 'produce-faults', 1);
    expect(seen.map((r) => r.value)).toEqual(['y']);
  });
});
