/**
 * Runs one Kafka job in a worker thread for the Kafka benchmarks, so the job has an event loop
 * of its own, as it would in its own process, and the load driver and the latency probe of the
 * benchmark do not delay it (nor it them). The job (`workerData`) is a SQL application, or a
 * plain kafkajs consume-produce passthrough (the peer: a consumer group whose eachBatch sends
 * the batch's values on, unchanged). The worker posts `'running'` once the job runs, ends it
 * when it receives `'stop'`, and posts `'stopped'` (or the failure) when it is over.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';
import { loadApp, startApp } from '../lib/runtime/app.js';

/** What the worker runs. */
export type KafkaBenchJob =
  | { readonly kind: 'sql'; readonly sql: string }
  | { readonly kind: 'passthrough'; readonly address: string; readonly input: string; readonly output: string; readonly group: string };

/** Starts the SQL application; resolves with a function that drains and ends it. */
async function startSql(sql: string): Promise<() => Promise<void>> {
  const app = loadApp(sql, { file: undefined, variables: () => undefined });
  const pipeline = await startApp(app, { file: undefined, baseDir: '.', variables: () => undefined, log: () => undefined, print: () => undefined });
  const done = pipeline.run();
  return async () => {
    pipeline.stop(true);
    const [outcome] = await done;
    if (outcome?.error !== undefined) throw outcome.error;
  };
}

/** Starts the kafkajs passthrough; resolves with a function that disconnects it. */
async function startPassthrough(job: Extract<KafkaBenchJob, { kind: 'passthrough' }>): Promise<() => Promise<void>> {
  const kafka = new Kafka({ brokers: [job.address], clientId: 'bench-passthrough', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: job.group, maxWaitTimeInMs: 100 });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: job.input, fromBeginning: true });
  await consumer.run({
    // Commits at most once a second, as the SQL job's 'mode' = 'simple' does by default
    // (`commit.interval`); kafkajs's default commits after every batch.
    autoCommitInterval: 1000,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      await producer.send({ topic: job.output, messages: batch.messages.map((m) => ({ key: m.key, value: m.value })) });
      resolveOffset(batch.lastOffset());
      await commitOffsetsIfNecessary();
    },
  });
  return async () => {
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
  };
}

const port = parentPort;
if (port === null) throw new Error('kafkaJobWorker.ts runs as a worker thread');
const job = workerData as KafkaBenchJob;
const stop = await (job.kind === 'sql' ? startSql(job.sql) : startPassthrough(job));
port.on('message', (message) => {
  if (message !== 'stop') return;
  stop().then(
    () => port.postMessage('stopped'),
    (error: unknown) => port.postMessage(`failed: ${String(error)}`),
  ).finally(() => port.close());
});
port.postMessage('running');
