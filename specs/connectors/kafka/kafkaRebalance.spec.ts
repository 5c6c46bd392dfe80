import { describe, expect, it } from 'vitest';
import { schemaOf } from '../../../lib/types/schema.js';
import { INTEGER } from '../../../lib/types/sqlType.js';
import { kafkaFor, sharedTestBroker } from '../../broker/helpers.js';
import { createTopics, openSource, produceNumbered } from './kafkaTestKit.js';

const RECORDS = 2000;

/**
 * A rebalance under the Kafka source of a job that runs as one pipeline (not split into
 * partition tasks): kafkajs would fetch again from the group's committed offsets, and nothing
 * was committed here, so without the source's own handling every record handed out before the
 * rebalance would come again. The source drops the batches it buffered and continues each
 * partition right after its last batch handed out, so every record comes out once, in order
 * within its partition, while another member takes a partition and gives it back.
 */
describe('kafka_source in a rebalance', () => {
  const broker = sharedTestBroker();

  it('hands out every record once, in partition order, while another member joins the group and leaves', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { shared: 2 });
    await produceNumbered(kafka, 'shared', 0, RECORDS, 2, (n) => JSON.stringify({ n }));
    const { source, close } = await openSource(broker().address, 'shared', 'g-shared', schemaOf([{ name: 'n', type: INTEGER, nullable: true }]), {
      'session.timeout.ms': '1000',
      'batch.size': '10',
      'max.buffered.batches': '3',
      'max.partition.fetch.bytes': '1',
    });
    const intruder = kafka.consumer({ groupId: 'g-shared', sessionTimeout: 1000, heartbeatInterval: 100 });
    const intruderPartitions: number[] = [];
    intruder.on(intruder.events.GROUP_JOIN, ({ payload }) => intruderPartitions.push(...(payload.memberAssignment['shared'] ?? [])));
    const seen: number[] = [];
    try {
      let intruding: Promise<void> | undefined;
      for await (const batch of source.batches()) {
        for (const row of batch) seen.push(row[0] as number);
        // Read slowly, so that the rebalances find batches buffered and batches handed out.
        await new Promise((resolve) => setTimeout(resolve, 10));
        intruding ??= seen.length >= 200 ? comeAndGo() : undefined;
        if (seen.length >= RECORDS) break;
      }
      await intruding;
    } finally {
      await close();
    }
    // The rebalance happened while the source was reading: the intruder held a partition.
    expect(intruderPartitions.length).toBeGreaterThan(0);
    expect(seen.length).toBe(RECORDS);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: RECORDS }, (_, n) => n));
    for (const partition of [0, 1]) {
      const own = seen.filter((n) => n % 2 === partition);
      expect(own).toEqual([...own].sort((a, b) => a - b));
    }

    async function comeAndGo(): Promise<void> {
      await intruder.connect();
      await intruder.subscribe({ topic: 'shared' });
      await intruder.run({ autoCommit: false, eachMessage: async () => undefined });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await intruder.disconnect();
    }
  }, 60_000);
});
