import { describe, expect, it } from 'vitest';
import { consumeJson, kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { committedOffsets, createTopics, produce, produceNumbered, runApp, tempDir } from './kafkaTestKit.js';
import { kafkaSinkFactory } from '../../../lib/connectors/kafka/kafkaSinkFactory.js';
import { isTransactionalSink, type TransactionalSink } from '../../../lib/connectors/transactionalSink.js';
import { isCheckpointStore, type CheckpointStore, type StoredCheckpoint } from '../../../lib/runtime/checkpoint/checkpointStore.js';
import { field, schemaOf } from '../../../lib/types/schema.js';
import { INTEGER } from '../../../lib/types/sqlType.js';
import { newJobMetrics, type JobMetrics } from '../../../lib/runtime/jobMetrics.js';
import { props, testContext } from '../connectorTestKit.js';


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
    const out = await consumeJson(kafka, 'tx-out', 30, 300, 20_000);
    expect(out.map((v) => v.twice).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((n) => n % 4 !== 3).map((n) => n * 2));
    // The last records (n = 39, 38: one filtered out) produce no output on one partition; their offsets still reach the end.
    await waitFor('offsets at the end', async () => ((await committedOffsets(kafka, 'tx-app', 'tx-in')).join() === '20,20' ? true : undefined), 10_000);
    const [outcome] = await app.stop();
    expect(outcome!.error).toBeUndefined();
    // The job's metrics: transactions committed, the bytes of the 40 values read and the 30 written, no lag left on either partition.
    const metrics = outcome!.job.metrics;
    expect(metrics.transactions.commits).toBeGreaterThan(0);
    expect(metrics.transactions.aborts).toBe(0);
    expect(metrics.bytesIn).toBe(Array.from({ length: 40 }, (_, i) => JSON.stringify({ n: i }).length).reduce((a, b) => a + b));
    expect(metrics.bytesOut).toBe(out.reduce((sum, v) => sum + JSON.stringify(v).length, 0));
    expect(metrics.consumerLag.get('tx-in')).toEqual(new Map([[0, 0], [1, 0]]));
    // One checkpoint per task (per source partition: the job scales out), each pointed at by its own group.
    for (const partition of [0, 1]) {
      const checkpointOffset = await committedOffsets(kafka, `tx-app-doubled-tx-in-${partition}-checkpoint`, 'tx-app-doubled-changelog');
      expect(checkpointOffset[0]).toBeGreaterThanOrEqual(0);
    }
  });

  /** The transactional sink of job `job` of app `app`, as a transactional job opens it. */
  async function transactionalSink(topic: string, app: string, job: string, metrics?: JobMetrics): Promise<TransactionalSink & CheckpointStore> {
    const ctx = { ...testContext(tempDir()), jobName: job, ...(metrics && { metrics }), checkpointing: { store: 'kafka' as const, app, intervalMs: 1000, resumedEpoch: 0 } };
    const sink = await kafkaSinkFactory.open(props({ 'bootstrap.servers': broker().address, topic }), schemaOf([field('n', INTEGER)]), ctx, []);
    if (!isTransactionalSink(sink) || !isCheckpointStore(sink)) throw new Error('a kafka sink of a transactional job is transactional and keeps checkpoints');
    return sink;
  }

  it('a job that scales out refuses a changelog holding a checkpoint of the whole job (the one-pipeline shape)', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'shape-in': 2, 'shape-out': 1 });
    const whole = await transactionalSink('shape-out', 'shape-app', 'copied');
    await whole.begin(1);
    await whole.preCommit(1);
    await whole.save({ job: 'copied', epoch: 1, plan: 'p', sources: {}, operators: [] });
    await whole.commit(1);
    await whole.close();
    const sql = `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'shape-in', 'src.group.id' = 'shape-app', 'src.auto.offset.reset' = 'earliest');
      CREATE STREAM copied AS SELECT n FROM src WITH ('mode' = 'transactional', 'copied.type' = 'kafka_sink', 'copied.bootstrap.servers' = '${broker().address}', 'copied.topic' = 'shape-out');`;
    await expect(runApp(sql, tempDir())).rejects.toThrow(/shape-app-copied-changelog holds a checkpoint of the whole job \(one pipeline over every partition, group shape-app-copied-checkpoint\); a scaled-out job keeps one checkpoint per task/);
  });

  const checkpointAt = (epoch: number): StoredCheckpoint => ({ job: 'j', epoch, plan: 'p', sources: { src: { group: 'fence-app', offsets: [['fence-in', 0, epoch * 10]] } }, operators: [] });

  it('a second instance of the job fences the first: its commit fails, and it finds the checkpoint the first committed', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'fence-out': 1, 'fence-in': 1 });
    const metrics = newJobMetrics();
    const first = await transactionalSink('fence-out', 'fence-app', 'j', metrics);
    expect(await first.load()).toBeUndefined();
    await first.begin(1);
    await first.write([[1]]);
    await first.preCommit(1);
    await first.save(checkpointAt(1));
    await first.commit(1);
    expect(metrics.transactions).toEqual({ commits: 1, aborts: 0 });
    await first.begin(2);
    await first.write([[2]]);
    const second = await transactionalSink('fence-out', 'fence-app', 'j');
    expect(await second.load()).toEqual(checkpointAt(1));
    await expect(first.commit(2)).rejects.toThrow();
    expect(metrics.transactions).toEqual({ commits: 1, aborts: 0 });
    await first.close().catch(() => undefined);
    // The zombie's epoch 2 was aborted: read_committed readers see epoch 1 only; the source offsets are those of checkpoint 1.
    expect(await consumeJson(kafka, 'fence-out', 1, 300, 20_000)).toEqual([{ n: 1 }]);
    expect(await committedOffsets(kafka, 'fence-app', 'fence-in')).toEqual([10]);
    // An epoch the job gives up is aborted and counted so.
    const secondMetrics = newJobMetrics();
    const third = await transactionalSink('fence-out', 'fence-app', 'j', secondMetrics);
    await second.close();
    await third.begin(2);
    await third.write([[3]]);
    await third.abort(2);
    expect(secondMetrics.transactions).toEqual({ commits: 0, aborts: 1 });
    await third.close();
  });

  it('a rebalance while running (another member joins the group, then leaves) duplicates nothing: the source continues after what it handed out', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'rb-in': 2, 'rb-out': 1 });
    let sent = 0;
    const sendChunk = (): Promise<void> => {
      const from = sent;
      sent += 100;
      return produceNumbered(kafka, 'rb-in', from, 100, 2, (n) => JSON.stringify({ n }));
    };
    for (let chunk = 0; chunk < 20; chunk++) await sendChunk();
    const sql = `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'rb-in', 'src.group.id' = 'rb-app',
        'src.auto.offset.reset' = 'earliest', 'src.session.timeout.ms' = '1000', 'src.batch.size' = '20', 'src.max.buffered.batches' = '4')
      ;
      CREATE STREAM copied AS SELECT n FROM src
      WITH ('mode' = 'transactional', 'checkpoint.interval' = '50ms', 'copied.type' = 'kafka_sink', 'copied.bootstrap.servers' = '${broker().address}', 'copied.topic' = 'rb-out');`;
    const app = await runApp(sql, tempDir());
    const sum = async (): Promise<number> => (await committedOffsets(kafka, 'rb-app', 'rb-in')).reduce((a, b) => a + Math.max(0, b), 0);
    await waitFor('a first checkpoint', async () => ((await sum()) > 0 ? true : undefined), 10_000);
    // Records keep coming while the intruder joins and leaves, so the rebalances find the job reading.
    let producing = true;
    const producer = (async () => {
      while (producing) {
        await sendChunk();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const intruder = kafka.consumer({ groupId: 'rb-app', sessionTimeout: 1000, heartbeatInterval: 100 });
    await intruder.connect();
    await intruder.subscribe({ topic: 'rb-in' });
    await intruder.run({ autoCommit: false, eachMessage: async () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await intruder.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    producing = false;
    await producer;
    const total = sent;
    await waitFor('offsets at the end', async () => ((await sum()) === total ? true : undefined), 40_000);
    const [outcome] = await app.stop();
    expect(outcome!.error).toBeUndefined();
    const out = (await consumeJson(kafka, 'rb-out', total, 300, 20_000)).map((v) => v.n as number).sort((a, b) => a - b);
    expect(out.length).toBe(total);
    expect(out).toEqual(Array.from({ length: total }, (_, n) => n));
  }, 60_000);
});
