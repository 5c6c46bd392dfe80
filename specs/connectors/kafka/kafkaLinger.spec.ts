import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../../lib/broker/index.js';
import { kafkaSinkFactory } from '../../../lib/connectors/kafka/kafkaSinkFactory.js';
import { isTransactionalSink } from '../../../lib/connectors/transactionalSink.js';
import { isCheckpointStore } from '../../../lib/runtime/checkpoint/checkpointStore.js';
import { field, schemaOf } from '../../../lib/types/schema.js';
import { INTEGER } from '../../../lib/types/sqlType.js';
import { consumeJson, kafkaFor, sharedTestBroker } from '../../broker/helpers.js';
import { props, testContext } from '../connectorTestKit.js';
import { createTopics, runApp, tempDir } from './kafkaTestKit.js';

/** The Kafka API key of Produce requests. */
const PRODUCE = 0;
const ROWS = 3000;

/** Counts the Produce requests the broker receives while `run` runs. */
async function countProduces(broker: RunningBroker, run: () => Promise<void>): Promise<number> {
  const faults = broker.faults;
  const next = faults.next.bind(faults);
  let produces = 0;
  faults.next = (apiKey) => {
    if (apiKey === PRODUCE) produces++;
    return next(apiKey);
  };
  try {
    await run();
  } finally {
    faults.next = next;
  }
  return produces;
}

/** Runs a file job writing ROWS rows, in batches of 10, to the Kafka sink `out` with extra sink keys; returns its log lines. */
async function writeRows(broker: RunningBroker, topic: string, sinkKeys: string): Promise<{ message: string; fields: Record<string, unknown> | undefined }[]> {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.jsonl'), Array.from({ length: ROWS }, (_, n) => `{"n":${n}}`).join('\n') + '\n');
  const lines: { message: string; fields: Record<string, unknown> | undefined }[] = [];
  const app = await runApp(
    `CREATE STREAM numbers (n INTEGER) WITH ('numbers.type' = 'file_source', 'numbers.path' = 'in.jsonl', 'numbers.batch.size' = '10');
     CREATE STREAM out AS SELECT n FROM numbers
       WITH ('out.type' = 'kafka_sink', 'out.bootstrap.servers' = '${broker.address}', 'out.topic' = '${topic}'${sinkKeys});`,
    dir,
    { log: (_level, message, fields) => void lines.push({ message, fields }) },
  );
  const [outcome] = await app.done;
  expect(outcome!.error).toBeUndefined();
  return lines;
}

/** linger.ms and batch.size (bytes) of the Kafka sink, measured at the broker. */
describe('kafka_sink with linger.ms and batch.size', () => {
  const broker = sharedTestBroker();

  it('sends produce requests of batch.size bytes when lingering, and loses nothing', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'one-per-write': 1, gathered: 1 });
    const eager = await countProduces(broker(), async () => void (await writeRows(broker(), 'one-per-write', '')));
    let lines: Awaited<ReturnType<typeof writeRows>> = [];
    const gathered = await countProduces(broker(), async () => {
      lines = await writeRows(broker(), 'gathered', ", 'out.linger.ms' = '1000', 'out.batch.size' = '4096', 'out.batch.strategy' = 'low_latency'");
    });
    // 3000 rows of about 10 bytes in 300 writes of 10 rows. Without linger a write leaves as
    // soon as no send is in flight (writes made meanwhile leave together): at most one request
    // per write. With linger.ms, sends of at most batch.size (4096) bytes: about 8 requests
    // whatever the timing.
    expect(eager).toBeLessThanOrEqual(ROWS / 10);
    expect(gathered).toBeLessThanOrEqual(12);
    expect(gathered).toBeGreaterThanOrEqual(6);
    const values = (await consumeJson(kafka, 'gathered', ROWS)).map((v) => v.n);
    expect(values).toEqual(Array.from({ length: ROWS }, (_, n) => n));
    expect(await consumeJson(kafka, 'one-per-write', ROWS)).toHaveLength(ROWS);

    // Each decision is logged once: the value and where it came from.
    const settingLines = lines.filter((l) => l.fields?.connector === 'out').map((l) => l.message);
    expect(settingLines).toEqual([
      "out: batch.size=4096 (user, as 'out.batch.size')",
      "out: linger.ms=1000 (user, as 'out.linger.ms')",
      'out: compression.type=none (strategy low_latency)',
      'out: acks=1 (strategy low_latency)',
      'out: retries=0 (strategy low_latency)',
      'out: buffer.memory not set (kafkajs has no equivalent; strategy low_latency suggests 16777216, not applied)',
    ]);
    expect(lines.find((l) => l.message === 'out: acks=1 (strategy low_latency)')!.fields).toEqual({ job: 'out', connector: 'out', key: 'acks', value: '1', source: 'strategy low_latency' });
  });

  it('in a transaction, gathered rows are sent before the commit, and an aborted epoch sends none of them', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'lingering-tx': 1 });
    const ctx = { ...testContext(tempDir()), jobName: 'j', checkpointing: { store: 'kafka' as const, app: 'linger-app', intervalMs: 1000, resumedEpoch: 0 } };
    // A linger far longer than the spec: only the commit's flush sends the rows.
    const sinkProps = props({ 'bootstrap.servers': broker().address, topic: 'lingering-tx', 'linger.ms': '600000', 'batch.size': '1000000' });
    const sink = await kafkaSinkFactory.open(sinkProps, schemaOf([field('n', INTEGER)]), ctx, []);
    if (!isTransactionalSink(sink) || !isCheckpointStore(sink)) throw new Error('a kafka sink of a transactional job is transactional');
    const checkpoint = (epoch: number) => ({ job: 'j', epoch, plan: 'p', sources: {}, operators: [] });
    await sink.begin(1);
    await sink.write([[1]]);
    await sink.write([[2]]);
    await sink.preCommit(1);
    await sink.save(checkpoint(1));
    await sink.commit(1);
    await sink.begin(2);
    await sink.write([[3]]);
    await sink.abort(2);
    await sink.begin(3);
    await sink.write([[4]]);
    await sink.preCommit(3);
    await sink.save(checkpoint(3));
    await sink.commit(3);
    await sink.close();
    expect(await consumeJson(kafka, 'lingering-tx', 3)).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
  });
});
