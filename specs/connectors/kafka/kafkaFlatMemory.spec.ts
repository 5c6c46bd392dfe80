import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { schemaOf } from '../../../lib/types/schema.js';
import { INTEGER, STRING } from '../../../lib/types/sqlType.js';
import { kafkaFor, sharedTestBroker } from '../../broker/helpers.js';
import { createTopics, openSource, produceNumbered } from './kafkaTestKit.js';

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
    await produceNumbered(kafka, 'backlog', 0, RECORDS, 2, (n) => JSON.stringify({ n, pad: PADDING }));
    const columns = schemaOf([
      { name: 'n', type: INTEGER, nullable: true },
      { name: 'pad', type: STRING, nullable: true },
    ]);
    const { source, close } = await openSource(broker().address, 'backlog', 'g-flat', columns, {
      'batch.size': '100',
      'max.buffered.batches': '8',
      'max.partition.fetch.bytes': '65536',
      // While every partition is paused kafkajs sleeps this long before it fetches again.
      'fetch.max.wait.ms': '20',
    });
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
      await close();
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
