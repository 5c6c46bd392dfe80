import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { createTopics, jsonLines, produce, runApp, tempDir } from './kafkaTestKit.js';

/** The consumer settings a Kafka source opens with, from the job's batch strategy. */
describe('kafka_source client settings', () => {
  const broker = sharedTestBroker();

  it("takes the job's strategy's suggestions where the user set nothing, hands out max.poll.records rows per batch, and logs each decision once", async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'poll-in': 1 });
    await produce(kafka, 'poll-in', Array.from({ length: 25 }, (_, n) => ({ value: JSON.stringify({ n }) })));
    const dir = tempDir();
    const lines: { message: string; fields: Record<string, unknown> | undefined }[] = [];
    const app = await runApp(
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'poll-in',
         'src.group.id' = 'g-poll', 'src.auto.offset.reset' = 'earliest');
       CREATE STREAM out AS SELECT n FROM src WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl',
         'batch.strategy' = 'low_latency', 'source.fetch.max.wait.ms' = '50');`,
      dir,
      { log: (_level, message, fields) => void lines.push({ message, fields }) },
    );
    await waitFor('25 rows written', () => (jsonLines(join(dir, 'out.jsonl')).length >= 25 ? true : undefined));
    const [outcome] = await app.stop();
    expect(outcome!.error).toBeUndefined();
    expect(lines.filter((l) => l.fields?.connector === 'src').map((l) => l.message)).toEqual([
      'src: fetch.min.bytes=1 (strategy low_latency)',
      "src: fetch.max.wait.ms=50 (user, as 'source.fetch.max.wait.ms')",
      'src: fetch.max.bytes=10485760 (default)',
      'src: max.partition.fetch.bytes=1048576 (default)',
      'src: max.poll.records=10 (strategy low_latency)',
      'src: session.timeout.ms=10000 (strategy low_latency)',
      'src: heartbeat.interval.ms=1000 (strategy low_latency)',
    ]);
    // 25 records fetched together leave the source as batches of at most 10 rows (low_latency's max.poll.records).
    const metrics = outcome!.job.metrics;
    expect(metrics.rowsIn).toBe(25);
    expect(metrics.batchesIn).toBeGreaterThanOrEqual(3);
  });
});
