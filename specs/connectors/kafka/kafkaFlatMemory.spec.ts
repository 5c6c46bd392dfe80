import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { kafkaSourceConfig } from '../../../lib/connectors/kafka/kafkaSourceFactory.js';
import { KafkaSource } from '../../../lib/connectors/kafka/kafkaSource.js';
import type { ConnectorContext } from '../../../lib/connectors/types.js';
import { schemaOf } from '../../../lib/types/schema.js';
import { INTEGER, STRING } from '../../../lib/types/sqlType.js';
import { kafkaFor, sharedTestBroker } from '../../broker/helpers.js';
import { createTopics, produce } from './kafkaTestKit.js';

const RECORDS = 60_000;
const PADDING = 'x'.repeat(200);

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The heap in use after a full collection, in MiB. */
function heapMiB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * Flat memory behind a slow sink: a backlog of 60,000 records (about 13 MiB of values) read by
 * a pipeline that takes a batch every few milliseconds. The
 * source's buffer is bounded (the partitions are paused once it is full), so the heap stays
 * near where it started however much of the backlog waits in the topic, and does not climb as
 * the reading goes on. The broker runs in this process: its copy of the topic is in the heap
 * before the first measure.
 */
describe('kafka_source memory behind a slow sink', () => {
  const broker = sharedTestBroker();

  it('keeps the heap flat while a slow reader works through a backlog many times its buffer', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { backlog: 2 });
    for (let from = 0; from < RECORDS; from += 1000) {
      await produce(kafka, 'backlog', Array.from({ length: 1000 }, (_, i) => ({ value: JSON.stringify({ n: from + i, pad: PADDING }), partition: (from + i) % 2 })));
    }
    const abort = new AbortController();
    const ctx: ConnectorContext = { baseDir: '.', onBadRecord: () => undefined, log: () => undefined, signal: abort.signal };
    const props = new Map([
      ['bootstrap.servers', broker().address],
      ['topic', 'backlog'],
      ['group.id', 'g-flat'],
      ['auto.offset.reset', 'earliest'],
      ['batch.size', '100'],
      ['max.buffered.batches', '8'],
      ['max.partition.fetch.bytes', '65536'],
      // While every partition is paused kafkajs sleeps this long before it fetches again.
      ['fetch.max.wait.ms', '20'],
    ]);
    const schema = schemaOf([
      { name: 'n', type: INTEGER, nullable: true },
      { name: 'pad', type: STRING, nullable: true },
    ]);
    const source = await KafkaSource.open(kafkaSourceConfig(props), schema, ctx);
    const before = heapMiB();
    const samples: number[] = [];
    let rows = 0;
    try {
      for await (const batch of source.batches()) {
        rows += batch.length;
        // The slow sink: a batch every 2 ms, 50,000 rows/s at most.
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (rows % 5000 === 0) samples.push(heapMiB());
        if (rows >= RECORDS) break;
      }
    } finally {
      abort.abort();
      await source.close();
    }
    expect(rows).toBe(RECORDS);
    // About 1 MiB above the start here; with the partitions never paused the fetched backlog
    // took 10 MiB more before the reader caught up.
    const growth = Math.max(...samples) - before;
    expect(growth, `heap ${before.toFixed(1)} MiB before, samples ${samples.map((s) => s.toFixed(1)).join(', ')}`).toBeLessThan(5);
    // Flat, not climbing: the last samples are no higher than the first ones, give or take.
    const third = Math.floor(samples.length / 3);
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(samples.slice(-third)) - mean(samples.slice(0, third))).toBeLessThan(3);
  }, 60_000);
});
