import { describe, expect, it } from 'vitest';
import { schemaOf } from '../../../lib/types/schema.js';
import { INTEGER } from '../../../lib/types/sqlType.js';
import { kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { createTopics, openSource, produceNumbered } from './kafkaTestKit.js';

/**
 * Controlled pull of the Kafka source: behind a slow reader, fetched records wait in a buffer
 * that stays bounded (the partitions are paused once it is full) instead of growing with the
 * topic, and reading resumes when the reader takes batches. A fetched batch is taken whole
 * (kafkajs has decoded it already), so the bound is the limit plus one fetch: here a fetch
 * returns one record batch of one partition (`max.partition.fetch.bytes` 1; the broker gives
 * the first partition of a fetch at least one batch), 50 records, 5 row batches, against 200
 * row batches in the topic.
 */
describe('kafka_source controlled pull', () => {
  const broker = sharedTestBroker();

  it('pauses its partitions while the pipeline has no demand, keeping the buffer bounded, and resumes when it has', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { backlog: 2 });
    await produceNumbered(kafka, 'backlog', 0, 2000, 2, (n) => JSON.stringify({ n }));
    const { source, close } = await openSource(broker().address, 'backlog', 'g-backlog', schemaOf([{ name: 'n', type: INTEGER, nullable: true }]), {
      'batch.size': '10',
      'max.buffered.batches': '3',
      'max.partition.fetch.bytes': '1',
    });
    const bound = 3 + 5;
    try {
      await waitFor('the buffer to fill', () => (source.buffered >= 3 ? true : undefined));
      // Nobody reads: more fetches would grow the buffer if the partitions were not paused.
      let most = 0;
      for (let i = 0; i < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        most = Math.max(most, source.buffered);
      }
      expect(most).toBeLessThanOrEqual(bound);
      const seen = new Set<number>();
      let rows = 0;
      for await (const batch of source.batches()) {
        expect(batch.length).toBeLessThanOrEqual(10);
        for (const row of batch) seen.add(row[0] as number);
        rows += batch.length;
        expect(source.buffered).toBeLessThanOrEqual(bound);
        if (seen.size === 2000) break;
      }
      expect(seen.size).toBe(2000);
      expect(rows).toBe(2000);
    } finally {
      await close();
    }
  });
});
