import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { Fetch, ListOffsets } from '../../lib/broker/protocol/messages/data.js';
import { BatchAttribute, BatchLayout, readBatchHeader } from '../../lib/broker/records/batch.js';
import { consumeAll, kafkaFor, testBroker, waitFor } from './helpers.js';
import { RawClient } from './rawClient.js';

type ListOffsetsBody = { topics: { partitions: { errorCode: number; offset: number }[] }[] };
type FetchBody = { topics: { partitions: { errorCode: number; lastStableOffset: number; records: Buffer | null }[] }[] };

/** The control type (0 abort, 1 commit) of each control batch in `records`, and the count of data batches. */
function controlTypes(records: Buffer | null): { data: number; markers: number[] } {
  const out = { data: 0, markers: [] as number[] };
  for (let at = 0; records !== null && at < records.length;) {
    const header = readBatchHeader(records, at);
    if ((header.attributes & BatchAttribute.CONTROL) === 0) out.data++;
    else out.markers.push(records.readInt16BE(at + BatchLayout.HEADER_SIZE + 7)); // after the record length, attributes, deltas, key length and key version
    at += header.size;
  }
  return out;
}

async function createTopics(kafka: Kafka, ...topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic })) });
  await admin.disconnect();
}

async function committedOffset(kafka: Kafka, groupId: string, topic: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return result?.partitions[0]?.offset;
}

describe('broker transactions with kafkajs', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await testBroker();
  });

  afterAll(async () => {
    await broker.close();
  });

  it('shows committed records to read_committed consumers and hides aborted ones', async () => {
    const kafka = kafkaFor(broker);
    await createTopics(kafka, 'txn-visibility');
    const producer = kafka.producer({ transactionalId: 'txn-visibility', maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'txn-visibility', messages: [{ value: 'aborted-1' }, { value: 'aborted-2' }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic: 'txn-visibility', messages: [{ value: 'committed-1' }] });
    await committed.commit();
    await producer.disconnect();

    const readCommitted = await consumeAll(kafka, 'txn-visibility', 1);
    expect(readCommitted.map((r) => r.value)).toEqual(['committed-1']);
    const readUncommitted = await consumeAll(kafka, 'txn-visibility', 3, 'read_uncommitted');
    expect(readUncommitted.map((r) => r.value)).toEqual(['aborted-1', 'aborted-2', 'committed-1']);
  });

  it('keeps an open transaction invisible until it commits, and keeps the aborted list sorted', async () => {
    const kafka = kafkaFor(broker);
    await createTopics(kafka, 'txn-interleaved');
    const a = kafka.producer({ transactionalId: 'txn-a', maxInFlightRequests: 1, idempotent: true });
    const b = kafka.producer({ transactionalId: 'txn-b', maxInFlightRequests: 1, idempotent: true });
    await a.connect();
    await b.connect();
    const ta = await a.transaction();
    const tb = await b.transaction();
    await ta.send({ topic: 'txn-interleaved', messages: [{ value: 'a1' }] });
    await tb.send({ topic: 'txn-interleaved', messages: [{ value: 'b1' }] });
    await ta.send({ topic: 'txn-interleaved', messages: [{ value: 'a2' }] });
    await tb.send({ topic: 'txn-interleaved', messages: [{ value: 'b2' }] });
    const log = broker.state.topics.partition('txn-interleaved', 0);
    expect(log?.lastStableOffset).toBe(0);
    await tb.abort();
    expect(log?.lastStableOffset).toBe(0);
    await ta.commit();
    expect(log?.lastStableOffset).toBe(log?.highWatermark);
    expect(log?.abortedBetween(0, 100)).toEqual([{ producerId: expect.any(Number), firstOffset: 1, lastOffset: 4 }]);
    await a.disconnect();
    await b.disconnect();
    const seen = await consumeAll(kafka, 'txn-interleaved', 2);
    expect(seen.map((r) => r.value)).toEqual(['a1', 'a2']);
  });

  it('wakes a parked read_committed fetch when the transaction commits', async () => {
    const kafka = kafkaFor(broker);
    await createTopics(kafka, 'txn-wake');
    const consumer = kafka.consumer({ groupId: 'txn-wake', maxWaitTimeInMs: 5000 });
    const received: number[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'txn-wake', fromBeginning: true });
    await consumer.run({ eachMessage: async () => { received.push(Date.now()); } });
    const producer = kafka.producer({ transactionalId: 'txn-wake', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'txn-wake', messages: [{ value: 'held back' }] });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(received).toEqual([]);
    const committedAt = Date.now();
    await txn.commit();
    await waitFor('the committed record', () => (received.length > 0 ? true : undefined), 8000);
    expect((received[0] ?? Infinity) - committedAt).toBeLessThan(3000);
    await producer.disconnect();
    await consumer.disconnect();
  });

  it('commits consumed offsets with the transaction (sendOffsets) and not on abort', async () => {
    const kafka = kafkaFor(broker);
    await createTopics(kafka, 'eos-in', 'eos-out');
    const seed = kafka.producer();
    await seed.connect();
    await seed.send({ topic: 'eos-in', messages: [{ value: '1' }, { value: '2' }, { value: '3' }] });
    await seed.disconnect();

    const producer = kafka.producer({ transactionalId: 'eos-pipeline', maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    const consumer = kafka.consumer({ groupId: 'eos-group', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'eos-in', fromBeginning: true });
    let batches = 0;
    let abortNext = true;
    let committedAfterAbort: number | null | undefined;
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const txn = await producer.transaction();
        await txn.send({ topic: 'eos-out', messages: batch.messages.map((m) => ({ value: `x${String(m.value)}` })) });
        await txn.sendOffsets({
          consumerGroupId: 'eos-group',
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }] }],
        });
        if (abortNext) {
          abortNext = false;
          await txn.abort();
          committedAfterAbort = broker.state.groups.get('eos-group')?.committed.get('eos-in')?.get(0)?.offset ?? null;
          throw new Error('abort on purpose: the batch must be redelivered');
        }
        await txn.commit();
        batches++;
      },
    });
    await waitFor('a committed transactional batch', () => (batches > 0 ? true : undefined), 20_000);
    await consumer.disconnect();
    await producer.disconnect();
    expect(committedAfterAbort).toBeNull();
    expect(await committedOffset(kafka, 'eos-group', 'eos-in')).toBe('3');
    const out = await consumeAll(kafka, 'eos-out', 3);
    expect(out.map((r) => r.value)).toEqual(['x1', 'x2', 'x3']);
  }, 40_000);

  it('fences a zombie producer when another instance takes over its transactional id', async () => {
    const kafka = kafkaFor(broker, { retry: { retries: 1, initialRetryTime: 50 } });
    await createTopics(kafka, 'txn-fencing');
    const zombie = kafka.producer({ transactionalId: 'fenced-id', maxInFlightRequests: 1, idempotent: true });
    await zombie.connect();
    const zombieTxn = await zombie.transaction();
    await zombieTxn.send({ topic: 'txn-fencing', messages: [{ value: 'zombie' }] });

    const successor = kafka.producer({ transactionalId: 'fenced-id', maxInFlightRequests: 1, idempotent: true });
    await successor.connect();
    const txn = await successor.transaction();
    await expect(zombieTxn.send({ topic: 'txn-fencing', messages: [{ value: 'zombie-2' }] })).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH' });
    await expect(zombieTxn.commit()).rejects.toThrow();
    await txn.send({ topic: 'txn-fencing', messages: [{ value: 'successor' }] });
    await txn.commit();
    await successor.disconnect();
    await zombie.disconnect();
    const seen = await consumeAll(kafka, 'txn-fencing', 1);
    expect(seen.map((r) => r.value)).toEqual(['successor']);
  });

  it('fences an idle producer too: after the successor\'s first transaction it can neither send nor add offsets', async () => {
    const kafka = kafkaFor(broker, { retry: { retries: 1, initialRetryTime: 50 } });
    await createTopics(kafka, 'fence-idle');
    const zombie = kafka.producer({ transactionalId: 'fence-idle', maxInFlightRequests: 1, idempotent: true });
    await zombie.connect();
    const first = await zombie.transaction();
    await first.send({ topic: 'fence-idle', messages: [{ value: 'before takeover' }] });
    await first.commit();

    const successor = kafka.producer({ transactionalId: 'fence-idle', maxInFlightRequests: 1, idempotent: true });
    await successor.connect();
    // kafkajs sends InitProducerId with the transactional id on the first transaction(), not on connect()
    const txn = await successor.transaction();
    const zombieTxn = await zombie.transaction();
    await expect(zombieTxn.send({ topic: 'fence-idle', messages: [{ value: 'zombie' }] })).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH' });
    await expect(zombieTxn.sendOffsets({ consumerGroupId: 'fence-idle-group', topics: [{ topic: 'fence-idle', partitions: [{ partition: 0, offset: '1' }] }] }))
      .rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH' });
    await txn.send({ topic: 'fence-idle', messages: [{ value: 'successor' }] });
    await txn.commit();
    await successor.disconnect();
    await zombie.disconnect();
    const seen = await consumeAll(kafka, 'fence-idle', 2);
    expect(seen.map((r) => r.value)).toEqual(['before takeover', 'successor']);
  });

  it('answers ListOffsets v2+ with the LSO under read_committed and returns commit markers in Fetch', async () => {
    const kafka = kafkaFor(broker);
    await createTopics(kafka, 'txn-lso');
    const producer = kafka.producer({ transactionalId: 'txn-lso', maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'txn-lso', messages: [{ value: 'open' }] });
    const raw = await RawClient.open(broker.port);
    const latest = async (version: number, isolationLevel: number): Promise<number | undefined> => (await raw.request<ListOffsetsBody>(ListOffsets, version, {
      replicaId: -1, isolationLevel, topics: [{ name: 'txn-lso', partitions: [{ partition: 0, timestamp: -1 }] }],
    })).topics[0]?.partitions[0]?.offset;
    const fetch = async (isolationLevel: number) => (await raw.request<FetchBody>(Fetch, 4, {
      replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel, topics: [{ topic: 'txn-lso', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }],
    })).topics[0]?.partitions[0];
    try {
      expect([await latest(2, 1), await latest(3, 1), await latest(2, 0), await latest(1, 0)]).toEqual([0, 0, 1, 1]);
      expect(controlTypes((await fetch(1))?.records ?? null)).toEqual({ data: 0, markers: [] });
      await txn.commit();
      expect([await latest(2, 1), await latest(2, 0)]).toEqual([2, 2]);
      const committed = await fetch(1);
      expect(committed?.lastStableOffset).toBe(2);
      expect(controlTypes(committed?.records ?? null)).toEqual({ data: 1, markers: [1] });
    } finally {
      raw.close();
      await producer.disconnect();
    }
  });

  it('aborts a transaction that outlives its timeout and fences its producer', async () => {
    const kafka = kafkaFor(broker, { retry: { retries: 1, initialRetryTime: 50 } });
    await createTopics(kafka, 'txn-timeout');
    const producer = kafka.producer({ transactionalId: 'slow', transactionTimeout: 300, maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'txn-timeout', messages: [{ value: 'too slow' }] });
    const log = broker.state.topics.partition('txn-timeout', 0);
    expect(log?.lastStableOffset).toBe(0);
    await waitFor('the timeout abort', () => (log?.lastStableOffset === log?.highWatermark ? true : undefined), 5000);
    await expect(txn.commit()).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH' });
    await producer.disconnect();
    const tooLong = kafka.producer({ transactionalId: 'too-long', transactionTimeout: 1_000_000, idempotent: true, maxInFlightRequests: 1 });
    await tooLong.connect();
    await expect(tooLong.transaction()).rejects.toMatchObject({ type: 'INVALID_TRANSACTION_TIMEOUT' });
    await tooLong.disconnect();
  });
});
