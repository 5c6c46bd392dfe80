import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { Produce } from '../../lib/broker/protocol/messages/data.js';
import { EndTxn } from '../../lib/broker/protocol/messages/transactions.js';
import { consumeAll, kafkaFor, testBroker, waitFor } from './helpers.js';

const RECORDS = 3000;
const PARTITIONS = 3;

/** One exactly-once stage: consume `soak-in`, write `out:<value>` to `soak-out`, commit offsets in the transaction. */
async function pipeline(kafka: Kafka, id: string): Promise<{ consumer: Consumer; producer: Producer }> {
  const producer = kafka.producer({ transactionalId: `soak-${id}`, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: 'soak', maxWaitTimeInMs: 100, heartbeatInterval: 200, sessionTimeout: 6000, rebalanceTimeout: 6000 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'soak-in', fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const txn = await producer.transaction();
      try {
        await txn.send({ topic: 'soak-out', messages: batch.messages.map((m) => ({ key: m.key, value: `out:${String(m.value)}` })) });
        await txn.sendOffsets({
          consumerGroupId: 'soak',
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }] }],
        });
        await txn.commit();
      } catch (error: unknown) {
        await txn.abort().catch(() => {});
        throw error;
      }
    },
  });
  return { consumer, producer };
}

describe('broker exactly-once soak with kafkajs and injected faults', () => {
  let broker: RunningBroker;
  const logLines: string[] = [];

  beforeAll(async () => {
    broker = await testBroker({ log: (line) => logLines.push(line) });
  });

  afterAll(async () => {
    await broker.close();
  });

  it('turns every input record into exactly one committed output record', async () => {
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'soak-in', numPartitions: PARTITIONS }, { topic: 'soak-out', numPartitions: PARTITIONS }] });
    const seed = kafka.producer();
    await seed.connect();
    for (let start = 0; start < RECORDS; start += 500) {
      await seed.send({ topic: 'soak-in', messages: Array.from({ length: 500 }, (_, i) => ({ key: String(start + i), value: String(start + i) })) });
    }
    await seed.disconnect();

    broker.faults.add({ apiKey: Produce.key, skip: 1, times: 1, action: { kind: 'drop', afterHandling: true } });
    broker.faults.add({ apiKey: EndTxn.key, skip: 1, times: 1, action: { kind: 'drop', afterHandling: true } });
    broker.faults.add({ apiKey: Produce.key, skip: 2, times: 2, action: { kind: 'delay', ms: 150 } });

    const stages = [await pipeline(kafka, 'a'), await pipeline(kafka, 'b')];
    await waitFor('all offsets committed', async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: 'soak', topics: ['soak-in'] });
      const total = offsets?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) ?? 0;
      return total === RECORDS ? true : undefined;
    }, 60_000);
    for (const s of stages) {
      await s.consumer.disconnect();
      await s.producer.disconnect();
    }
    broker.faults.clear();

    const out = await consumeAll(kafka, 'soak-out', RECORDS, 'read_committed', 500);
    const values = out.map((r) => r.value);
    expect(values.length).toBe(RECORDS);
    expect(new Set(values).size).toBe(RECORDS);
    expect(values.every((v) => v?.startsWith('out:'))).toBe(true);
    await admin.disconnect();
    expect(logLines.filter((l) => l.includes('fault injection dropped the answer to Produce'))).toHaveLength(1);
    expect(logLines.filter((l) => l.includes('fault injection dropped the answer to EndTxn'))).toHaveLength(1);
  }, 90_000);
});
