import { describe, expect, it } from 'vitest';
import { kafkaSourceConfig } from '../../../lib/connectors/kafka/kafkaSourceFactory.js';
import { KafkaSource } from '../../../lib/connectors/kafka/kafkaSource.js';
import type { ConnectorContext } from '../../../lib/connectors/types.js';
import { schemaOf } from '../../../lib/types/schema.js';
import { INTEGER } from '../../../lib/types/sqlType.js';
import { kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { createTopics, produce } from './kafkaTestKit.js';

/**
 * Controlled pull of the Kafka source: behind a slow reader, fetched records wait in a buffer
 * that stays bounded (the partitions are paused once it is full) instead of growing with the
 * topic, and reading resumes when the reader takes batches.
 */
describe('kafka_source controlled pull', () => {
  const broker = sharedTestBroker();

  it('pauses its partitions while the pipeline has no demand, keeping the buffer bounded, and resumes when it has', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { backlog: 2 });
    for (let round = 0; round < 20; round++) {
      await produce(
        kafka,
        'backlog',
        Array.from({ length: 100 }, (_, i) => ({ value: JSON.stringify({ n: round * 100 + i }), partition: i % 2 })),
      );
    }
    const abort = new AbortController();
    const ctx: ConnectorContext = { baseDir: '.', onBadRecord: () => undefined, log: () => undefined, signal: abort.signal };
    const props = new Map([
      ['bootstrap.servers', broker().address],
      ['topic', 'backlog'],
      ['group.id', 'g-backlog'],
      ['auto.offset.reset', 'earliest'],
      ['batch.size', '10'],
      ['max.buffered.batches', '3'],
    ]);
    const source = await KafkaSource.open(kafkaSourceConfig(props), schemaOf([{ name: 'n', type: INTEGER, nullable: true }]), ctx);
    try {
      await waitFor('the buffer to fill', () => (source.buffered >= 3 ? true : undefined));
      // Nobody reads: more fetches would grow the buffer if the partitions were not paused.
      let most = 0;
      for (let i = 0; i < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        most = Math.max(most, source.buffered);
      }
      // At most the limit plus the partial batch that ended a fetch (a fetch returns up to 1000 records here: 100 batches).
      expect(most).toBeLessThanOrEqual(3 + 1);
      const seen = new Set<number>();
      for await (const batch of source.batches()) {
        expect(batch.length).toBeLessThanOrEqual(10);
        for (const row of batch) seen.add(row[0] as number);
        expect(source.buffered).toBeLessThanOrEqual(3 + 1);
        if (seen.size === 2000) break;
      }
      expect(seen.size).toBe(2000);
    } finally {
      abort.abort();
      await source.close();
    }
  });
});
