import { describe, expect, it } from 'vitest';
import { kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { committedOffsets, createTopics, produce, runApp, tempDir } from './kafkaTestKit.js';
import type { Kafka } from 'kafkajs';

/** Every message value of `topic` read with read_committed, once `count` arrived (then a little longer, to see extras). */
async function committedValues(kafka: Kafka, topic: string, count: number): Promise<Record<string, unknown>[]> {
  const consumer = kafka.consumer({ groupId: `reader-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const seen: Record<string, unknown>[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(JSON.parse(message.value!.toString()) as Record<string, unknown>) });
  try {
    await waitFor(`${count} messages of ${topic}`, () => (seen.length >= count ? true : undefined), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe("'mode' = 'transactional' (exactly-once through Kafka transactions)", () => {
  const broker = sharedTestBroker();

  it('consumes, transforms and produces a stateless job; offsets reach the end inside the transactions; the changelog holds the checkpoints', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'tx-in': 2, 'tx-out': 1 });
    await produce(kafka, 'tx-in', Array.from({ length: 40 }, (_, i) => ({ value: JSON.stringify({ n: i }), partition: i % 2 })));
    const sql = `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'tx-in', 'src.group.id' = 'tx-app', 'src.auto.offset.reset' = 'earliest');
      CREATE STREAM doubled AS SELECT n * 2 AS twice FROM src WHERE n % 4 <> 3
      WITH ('mode' = 'transactional', 'checkpoint.interval' = '100ms', 'doubled.type' = 'kafka_sink', 'doubled.bootstrap.servers' = '${broker().address}', 'doubled.topic' = 'tx-out');`;
    const app = await runApp(sql, tempDir());
    const out = await committedValues(kafka, 'tx-out', 30);
    expect(out.map((v) => v.twice).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((n) => n % 4 !== 3).map((n) => n * 2));
    // The last records (n = 39, 38: one filtered out) produce no output on one partition; their offsets still reach the end.
    await waitFor('offsets at the end', async () => ((await committedOffsets(kafka, 'tx-app', 'tx-in')).join() === '20,20' ? true : undefined), 10_000);
    const [outcome] = await app.stop();
    expect(outcome!.error).toBeUndefined();
    const checkpointOffset = await committedOffsets(kafka, 'tx-app-doubled-checkpoint', 'tx-app-doubled-changelog');
    expect(checkpointOffset[0]).toBeGreaterThanOrEqual(0);
  });
});
