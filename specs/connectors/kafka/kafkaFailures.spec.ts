import { join } from 'node:path';
import avro from 'avsc';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BadRecord } from '../../../lib/connectors/types.js';
import { kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { committedOffsets, createTopics, jsonLines, produce, runApp, tempDir } from './kafkaTestKit.js';
import { startRegistryStub, type RegistryStub } from './registryStub.js';

interface DeadLetterRecord {
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** Reads `count` records of a dead-letter topic from the beginning, headers as text. */
async function readDeadLetters(kafka: Kafka, topic: string, count: number): Promise<DeadLetterRecord[]> {
  const consumer = kafka.consumer({ groupId: `dlq-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const seen: DeadLetterRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      seen.push({ key: message.key?.toString() ?? null, value: message.value!.toString(), headers });
    },
  });
  try {
    await waitFor(`${count} dead letters`, () => (seen.length >= count ? true : undefined));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

const numbers = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => JSON.stringify({ n: from + i }));

/** The failure strategies on a Kafka source, over a real broker. */
describe('failure strategies on kafka_source', () => {
  const broker = sharedTestBroker();
  let registry: RegistryStub;
  beforeAll(async () => {
    registry = await startRegistryStub();
  });
  afterAll(async () => registry.close());

  const job = (topic: string, group: string, keys: string, columns = '(n INTEGER)'): string =>
    `CREATE STREAM src ${columns} WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = '${topic}',
       'src.group.id' = '${group}', 'src.auto.offset.reset' = 'earliest', ${keys});
     CREATE STREAM out AS SELECT * FROM src WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl');`;

  it('send_to_dlq writes the raw record to the DLQ topic with the error, source position and job as headers, before its offset is committed', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'in-dlq': 1 });
    await produce(kafka, 'in-dlq', [
      { value: '{"n":1}' },
      { key: 'k-bad', value: '{"n": oops', headers: { trace: 't-9' } },
      { value: '{"n":3}' },
    ]);
    const dir = tempDir();
    const app = await runApp(job('in-dlq', 'g-dlq', "'src.failure_strategy' = 'send_to_dlq', 'src.dlq.topic' = 'in-dlq-errors'"), dir);
    await waitFor('two rows', () => (jsonLines(join(dir, 'out.jsonl')).length >= 2 ? true : undefined));
    const [letter] = await readDeadLetters(kafka, 'in-dlq-errors', 1);
    const [outcome] = await app.stop();
    expect(outcome!.error).toBeUndefined();
    expect(jsonLines(join(dir, 'out.jsonl'))).toEqual([{ n: 1 }, { n: 3 }]);
    expect(letter!.key).toBe('k-bad');
    expect(letter!.value).toBe('{"n": oops');
    expect(letter!.headers).toEqual({
      trace: 't-9',
      'ferris.dlq.error': expect.stringMatching(/./),
      'ferris.dlq.job': 'out',
      'ferris.dlq.origin': 'in-dlq[0]',
      'ferris.dlq.partition': '0',
      'ferris.dlq.offset': '1',
      'ferris.dlq.at': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(outcome!.job.metrics.dropped.get('dead_letter')).toBe(1);
    expect(outcome!.job.metrics.badRecords).toBe(1);
    expect(await committedOffsets(kafka, 'g-dlq', 'in-dlq')).toEqual([3]);
  });

  it("send_to_dlq defaults to the topic '<job>-dlq' for rows whose evaluation fails too, as JSON of the row", async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'in-eval': 1 });
    // 1 * 1000 overflows DECIMAL(3,1); 0 does not.
    await produce(kafka, 'in-eval', [{ value: '{"n":1}' }, { value: '{"n":0}' }]);
    const dir = tempDir();
    const app = await runApp(
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'in-eval',
         'src.group.id' = 'g-eval', 'src.auto.offset.reset' = 'earliest');
       CREATE STREAM checked AS SELECT CAST(n * 1000 AS DECIMAL(3,1)) AS q FROM src
         WITH ('checked.type' = 'file_sink', 'checked.path' = 'out.jsonl', 'failure_strategy' = 'send_to_dlq');`,
      dir,
    );
    await waitFor('one row', () => (jsonLines(join(dir, 'out.jsonl')).length >= 1 ? true : undefined));
    const [letter] = await readDeadLetters(kafka, 'checked-dlq', 1);
    await app.stop();
    expect(jsonLines(join(dir, 'out.jsonl'))).toEqual([{ q: '0.0' }]);
    expect(JSON.parse(letter!.value)).toEqual({ n: 1 });
    expect(letter!.headers['ferris.dlq.job']).toBe('checked');
    expect(letter!.headers['ferris.dlq.error']).toMatch(/./);
  });

  it('fail_batch drops the whole row batch (batch.size records) holding a bad record, and counts every record dropped', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'in-batch': 1 });
    const values = [...numbers(0, 3), '{"n": broken', ...numbers(4, 7)];
    await produce(kafka, 'in-batch', values.map((value) => ({ value })));
    const dir = tempDir();
    const bad: BadRecord[] = [];
    const app = await runApp(job('in-batch', 'g-batch', "'src.failure_strategy' = 'fail_batch', 'src.batch.size' = '3'"), dir, {
      failures: { badRecord: (_job, record) => void bad.push(record) },
    });
    await waitFor('four rows', () => (jsonLines(join(dir, 'out.jsonl')).length >= 4 ? true : undefined));
    const [outcome] = await app.stop();
    // Batches [0 1 2] [3 bad 5] [6]: the second is dropped whole.
    expect(jsonLines(join(dir, 'out.jsonl')).map((r) => r.n)).toEqual([0, 1, 2, 6]);
    expect(bad.map((b) => [b.position, b.droppedWith])).toEqual([[3, 2]]);
    expect(outcome!.job.metrics.dropped.get('fail_batch')).toBe(3);
    expect(await committedOffsets(kafka, 'g-batch', 'in-batch')).toEqual([7]);
  });

  it('fail_batch stops the job on a row whose evaluation fails (its batch went on already), committing nothing past it', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'in-batch-eval': 1 });
    await produce(kafka, 'in-batch-eval', [{ value: '{"n":0}' }, { value: '{"n":1}' }]);
    const app = await runApp(
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'in-batch-eval',
         'src.group.id' = 'g-batch-eval', 'src.auto.offset.reset' = 'earliest');
       CREATE STREAM checked AS SELECT CAST(n * 1000 AS DECIMAL(3,1)) AS q FROM src
         WITH ('checked.type' = 'file_sink', 'checked.path' = 'out.jsonl', 'failure_strategy' = 'fail_batch');`,
      tempDir(),
    );
    const [outcome] = await app.done;
    expect(String(outcome!.error)).toMatch(/decimal overflow: .*\(failure_strategy = fail_batch\)$/);
    expect(await committedOffsets(kafka, 'g-batch-eval', 'in-batch-eval')).toEqual([-1]);
  });

  it('retry_with_backoff reads a record again once the schema registry is back, and fails the job with a record still unreadable after its retries', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'in-retry': 1, 'in-retry-bad': 1 });
    const schema = JSON.stringify({ type: 'record', name: 'N', fields: [{ name: 'n', type: 'int' }] });
    const id = registry.add('in-retry-value', 'AVRO', schema);
    const body = avro.Type.forSchema(JSON.parse(schema) as avro.Schema).toBuffer({ n: 42 });
    const header = Buffer.alloc(5);
    header.writeInt32BE(id, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'in-retry', messages: [{ value: Buffer.concat([header, body]) }] });
    await producer.disconnect();
    registry.unavailable = true;
    setTimeout(() => (registry.unavailable = false), 400);
    const dir = tempDir();
    const keys = `'src.format' = 'avro', 'src.schema.registry.url' = '${registry.url}', 'failure_strategy' = 'retry_with_backoff', 'retry_backoff' = '100ms', 'max_retries' = '6'`;
    const app = await runApp(job('in-retry', 'g-retry', keys), dir);
    await waitFor('the row once the registry is back', () => (jsonLines(join(dir, 'out.jsonl')).length >= 1 ? true : undefined));
    const [outcome] = await app.stop();
    expect(outcome!.error).toBeUndefined();
    expect(jsonLines(join(dir, 'out.jsonl'))).toEqual([{ n: 42 }]);
    expect(outcome!.job.metrics.badRecords).toBe(0);
    expect(registry.requests.filter((r) => r === `GET /schemas/ids/${id}`).length).toBeGreaterThan(1);

    await produce(kafka, 'in-retry-bad', [{ value: 'not framed' }]);
    const failing = await runApp(job('in-retry-bad', 'g-retry-bad', keys.replace("'6'", "'2'")), tempDir());
    const [failed] = await failing.done;
    expect(String(failed!.error)).toContain('in-retry-bad[0]:0: not in the schema-registry wire format (magic byte 0 and a 4-byte schema id) (still after 2 retries) (failure_strategy = retry_with_backoff)');
    expect(await committedOffsets(kafka, 'g-retry-bad', 'in-retry-bad')).toEqual([-1]);
  }, 30_000);

  it('refuses strategies a file source cannot carry out, send_to_dlq without a file for one, and a dlq.path a Kafka source would not use', async () => {
    const dir = tempDir();
    const sql = (keys: string): string =>
      `CREATE STREAM f (n INTEGER) WITH ('f.type' = 'file_source', 'f.path' = 'in.jsonl', ${keys});
       CREATE STREAM o AS SELECT n FROM f WITH ('o.type' = 'file_sink', 'o.path' = 'o.jsonl');`;
    await expect(runApp(sql("'f.failure_strategy' = 'fail_batch'"), dir)).rejects.toThrow("not supported yet: failure_strategy = 'fail_batch' for file_source 'f' (it applies to kafka_source)");
    await expect(runApp(sql("'f.failure_strategy' = 'retry_with_backoff'"), dir)).rejects.toThrow(/not supported yet: failure_strategy = 'retry_with_backoff' for file_source/);
    await expect(runApp(sql("'f.failure_strategy' = 'send_to_dlq'"), dir)).rejects.toThrow("failure_strategy 'send_to_dlq' for file_source 'f' needs a file: set 'f.dlq.path' or 'dlq.path'");
    const kafkaSql = `CREATE STREAM k (n INTEGER) WITH ('k.type' = 'kafka_source', 'k.bootstrap.servers' = '${broker().address}', 'k.topic' = 'x',
        'k.failure_strategy' = 'send_to_dlq', 'k.dlq.path' = 'dlq.jsonl');
      CREATE STREAM o AS SELECT n FROM k WITH ('o.type' = 'file_sink', 'o.path' = 'o.jsonl');`;
    await expect(runApp(kafkaSql, dir)).rejects.toThrow("'k.dlq.path' is not used: failure_strategy 'send_to_dlq' on a Kafka source sends to its dead-letter topic");
  });
});
