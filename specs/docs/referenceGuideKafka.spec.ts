import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { runTool, toolAvailable } from '../broker/external.js';
import { kafkaFor, sharedTestBroker, waitFor } from '../broker/helpers.js';
import { createTopics, tempDir } from '../connectors/kafka/kafkaTestKit.js';
import { against, PATTERN_1, REAL_EXAMPLE, SINK_BATCH, SOURCE_BATCH } from './referenceGuideKafka.js';

const ferris = join(import.meta.dirname, '../../bin/ferris.js');
const kcatInstalled = toolAvailable('kcat', ['-V']);

interface Order {
  readonly order_id: number;
  readonly customer_id: number;
  readonly amount: number;
  readonly status: string;
}

/** `ferris run app.sql` in `dir`; stdout and stderr kept. */
function ferrisRun(dir: string): { child: ChildProcess; exited: Promise<number | NodeJS.Signals>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [ferris, 'run', 'app.sql', '--no-progress'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/**
 * Produces orders to `topic` (amounts alternating below and above 100, with cents) every
 * 300 ms until `done` says the job's output arrived; the jobs start at the latest offset (the
 * guide sets no `auto.offset.reset`), so records are produced while they run. Returns every
 * order produced.
 */
async function produceUntil(kafka: Kafka, topic: string, done: () => boolean | Promise<boolean>, first = 1): Promise<Order[]> {
  const producer = kafka.producer();
  await producer.connect();
  const produced: Order[] = [];
  try {
    await waitFor(
      'the job output',
      async () => {
        const batch = [0, 1].map((i): Order => {
          const id = first + produced.length + i;
          return { order_id: id, customer_id: 1000 + id, amount: id % 2 === 0 ? 150 + id / 100 : 50 + id / 100, status: 'NEW' };
        });
        await producer.send({ topic, messages: batch.map((order) => ({ value: JSON.stringify(order) })) });
        produced.push(...batch);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return (await done()) ? true : undefined;
      },
      40_000,
    );
  } finally {
    await producer.disconnect();
  }
  return produced;
}

/**
 * Every value of a topic, read by kcat (librdkafka: snappy and lz4 decoded independently of
 * kafkajs); run asynchronously, since the test broker answers from this process.
 */
async function kcatValues(address: string, topic: string): Promise<Record<string, unknown>[]> {
  const result = await runTool('kcat', ['-C', '-b', address, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\\n']);
  if (result.code !== 0) throw new Error(`kcat failed (${result.code}): ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The seed records the jobs infer their columns from (the guide declares none). */
async function seed(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: JSON.stringify({ order_id: 0, customer_id: 1000, amount: 0.5, status: 'SEED' }) }] });
  await producer.disconnect();
}

async function stop(run: ReturnType<typeof ferrisRun>): Promise<void> {
  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(0);
  expect(run.stderr()).not.toMatch(/\bERROR\b/);
}

/**
 * The Kafka examples of the reference guide run as written against `ferris broker`, with only
 * the broker address changed (issue 8's contract), each as a real `ferris run` process.
 */
describe.skipIf(!kcatInstalled)('the reference guide Kafka examples, as written', () => {
  describe(SOURCE_BATCH.section, () => {
    const broker = sharedTestBroker();

    it('reads the orders topic with the time_window batch strategy and, naming no sink, prints its rows to stdout', async () => {
      const kafka = kafkaFor(broker());
      await createTopics(kafka, { orders: 1 });
      await seed(kafka, 'orders');
      const dir = tempDir();
      writeFileSync(join(dir, 'app.sql'), against(SOURCE_BATCH, broker().address));
      const run = ferrisRun(dir);
      const produced = await produceUntil(kafka, 'orders', () => run.stdout().trim() !== '');
      await stop(run);
      const printed = run.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      const byId = new Map(produced.map((o) => [o.order_id, o]));
      expect(printed.length).toBeGreaterThan(0);
      for (const row of printed) {
        const order = byId.get(Number(row.order_id))!;
        expect(row).toEqual({ order_id: order.order_id, customer_id: order.customer_id, amount: expect.any(String), status: 'NEW' });
        expect(Number(row.amount)).toBe(order.amount);
      }
      expect(run.stderr()).toMatch(/batch\.strategy=time_window \(user\)/);
    }, 90_000);
  });

  describe(`${PATTERN_1.section}, then ${SINK_BATCH.section} reading its output`, () => {
    const broker = sharedTestBroker();

    it('filters the orders into processed-orders (snappy), and the INSERT copies them to processed_orders (memory_based)', async () => {
      const kafka = kafkaFor(broker());
      await createTopics(kafka, { orders: 2, 'processed-orders': 1, processed_orders: 1 });
      await seed(kafka, 'orders');
      const dir = tempDir();
      writeFileSync(join(dir, 'app.sql'), `${against(PATTERN_1, broker().address)}\n\n${against(SINK_BATCH, broker().address)}\n`);
      const run = ferrisRun(dir);
      const address = broker().address;
      const produced = await produceUntil(kafka, 'orders', async () => (await kcatValues(address, 'processed_orders')).length > 0 && (await kcatValues(address, 'processed-orders')).length > 0);
      await stop(run);
      const large = new Map(produced.filter((o) => o.amount > 100).map((o) => [o.order_id, o]));
      for (const topic of ['processed-orders', 'processed_orders']) {
        const out = await kcatValues(address, topic);
        expect(out.length).toBeGreaterThan(0);
        for (const row of out) {
          const order = large.get(Number(row.order_id));
          expect(order, `${topic} holds only orders above 100: ${JSON.stringify(row)}`).toBeDefined();
          expect(Number(row.amount)).toBe(order!.amount);
        }
      }
    }, 90_000);
  });

  describe(REAL_EXAMPLE.section, () => {
    const broker = sharedTestBroker();

    it('filters the orders into processed-orders with lz4 and fetch.min.bytes, on the source cluster', async () => {
      const kafka = kafkaFor(broker());
      await createTopics(kafka, { orders: 1, 'processed-orders': 1 });
      await seed(kafka, 'orders');
      const dir = tempDir();
      writeFileSync(join(dir, 'app.sql'), against(REAL_EXAMPLE, broker().address));
      const run = ferrisRun(dir);
      const address = broker().address;
      const produced = await produceUntil(kafka, 'orders', async () => (await kcatValues(address, 'processed-orders')).length > 0);
      await stop(run);
      const large = new Map(produced.filter((o) => o.amount > 100).map((o) => [o.order_id, o]));
      const out = await kcatValues(address, 'processed-orders');
      expect(out.length).toBeGreaterThan(0);
      for (const row of out) {
        expect(Object.keys(row)).toEqual(['order_id', 'customer_id', 'amount']);
        expect(Number(row.amount)).toBe(large.get(Number(row.order_id))!.amount);
      }
    }, 90_000);
  });
});
