import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Partitioners, type Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { consumeAll, kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { createTopics, produce, runApp, tempDir } from './kafkaTestKit.js';

interface ReadBack {
  readonly key: string | null;
  readonly value: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly timestamp: number;
}

/** Reads `count` messages of a topic from the beginning with a kafkajs consumer. */
async function readBack(kafka: Kafka, topic: string, count: number): Promise<ReadBack[]> {
  const consumer = kafka.consumer({ groupId: `reader-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const seen: ReadBack[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      seen.push({ key: message.key?.toString() ?? null, value: JSON.parse(message.value!.toString()) as Record<string, unknown>, headers, timestamp: Number(message.timestamp) });
    },
  });
  try {
    await waitFor(`${count} messages of ${topic}`, () => (seen.length >= count ? true : undefined));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** The Kafka sink over real TCP against our own broker. */
describe('kafka_sink', () => {
  const broker = sharedTestBroker();

  it('writes file rows to an existing topic keyed by the compound GROUP BY key joined with |', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { totals: 2 });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'trades.jsonl'),
      ['{"region":"US","symbol":"AAPL","qty":1}', '{"region":"EU","symbol":"AAPL","qty":2}', '{"region":"US","symbol":"AAPL","qty":3}'].join('\n') + '\n',
    );
    const app = await runApp(
      `CREATE STREAM trades (region STRING, symbol STRING, qty INTEGER) WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.jsonl');
       CREATE TABLE totals AS SELECT region, symbol, SUM(qty) AS total FROM trades GROUP BY region, symbol
         WITH ('totals.type' = 'kafka_sink', 'totals.bootstrap.servers' = '${broker().address}', 'totals.topic' = 'totals', 'totals.compression.type' = 'gzip');`,
      dir,
    );
    const [outcome] = await app.done;
    expect(outcome!.error).toBeUndefined();
    const messages = await readBack(kafka, 'totals', 2);
    const last = new Map(messages.map((m) => [m.key, m.value]));
    expect(last).toEqual(
      new Map([
        ['US|AAPL', { region: 'US', symbol: 'AAPL', total: 4 }],
        ['EU|AAPL', { region: 'EU', symbol: 'AAPL', total: 2 }],
      ]),
    );
  });

  it("spreads its messages over two producer threads by partition: each key on Kafka's murmur2 partition, its changes in order", async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { counts: 4 });
    const dir = tempDir();
    const keys = 20;
    writeFileSync(join(dir, 'trades.jsonl'), Array.from({ length: 400 }, (_, i) => `{"sym":"s${i % keys}"}`).join('\n') + '\n');
    const app = await runApp(
      `CREATE STREAM trades (sym STRING) WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.jsonl', 'trades.batch.size' = '7');
       CREATE TABLE counts AS SELECT sym, COUNT(*) AS n FROM trades GROUP BY sym EMIT CHANGES
         WITH ('counts.type' = 'kafka_sink', 'counts.bootstrap.servers' = '${broker().address}', 'counts.topic' = 'counts', 'counts.producer.threads' = '2');`,
      dir,
    );
    const [outcome] = await app.done;
    expect(outcome!.error).toBeUndefined();
    const records = await consumeAll(kafka, 'counts', keys, 'read_committed', 1000);
    const partitionOf = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2, 3].map((partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
    const counts = new Map<string, number[]>();
    for (const record of records.sort((a, b) => a.offset - b.offset)) {
      expect(record.partition).toBe(partitionOf({ topic: 'counts', partitionMetadata, message: { key: record.key, value: null } }));
      counts.set(record.key!, [...(counts.get(record.key!) ?? []), (JSON.parse(record.value!) as { n: number }).n]);
    }
    expect(new Set(records.map((r) => r.partition))).toEqual(new Set([0, 1, 2, 3]));
    expect(counts.size).toBe(keys);
    for (const [key, seen] of counts) {
      expect(seen, key).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.at(-1), key).toBe(400 / keys);
    }
  });

  // The same with the producer on the producer thread (the default) and on the job's thread.
  it.each(['true', 'false'])('passes headers through from _headers and sets the message timestamp to the row event time (producer.thread = %s)', async (thread) => {
    const kafka = kafkaFor(broker());
    const [input, output] = [`in-h-${thread}`, `out-h-${thread}`];
    await createTopics(kafka, { [input]: 1, [output]: 1 });
    await produce(kafka, input, [{ value: '{"n":7}', headers: { trace: 't-1' }, timestamp: '1600000000000' }]);
    const app = await runApp(
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = '${input}',
         'src.group.id' = 'g-h-${thread}', 'src.auto.offset.reset' = 'earliest');
       CREATE STREAM dst AS SELECT n * 2 AS twice, _headers, _timestamp FROM src
         WITH ('dst.type' = 'kafka_sink', 'dst.bootstrap.servers' = '${broker().address}', 'dst.topic' = '${output}', 'dst.timestamp.format' = 'epoch_millis',
           'dst.producer.thread' = '${thread}');`,
      tempDir(),
    );
    const [message] = await readBack(kafka, output, 1);
    await app.stop();
    expect(message).toEqual({ key: null, value: { twice: 14, _timestamp: 1600000000000 }, headers: { trace: 't-1' }, timestamp: 1600000000000 });
  });

  it('refuses unknown codecs, unknown keys with a did-you-mean, Protobuf without a schema and schema keys of another format', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.jsonl'), '{"n":1}\n');
    const sql = (keys: string): string =>
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'in.jsonl');
       CREATE STREAM dst AS SELECT n FROM src WITH ('dst.type' = 'kafka_sink', 'dst.bootstrap.servers' = '${broker().address}', 'dst.topic' = 'never', ${keys});`;
    await expect(runApp(sql("'dst.compression.type' = 'brotli'"), dir)).rejects.toThrow(/invalid value 'brotli' for 'dst.compression.type'/);
    await expect(runApp(sql("'dst.topik' = 'x'"), dir)).rejects.toThrow(/unknown property 'dst.topik' for kafka_sink \(did you mean 'dst.topic'\?\)/);
    await expect(runApp(sql("'dst.format' = 'protobuf'"), dir)).rejects.toThrow("kafka_sink with format = 'protobuf' needs its schema: set 'protobuf.schema', 'protobuf.schema.file' or 'schema.registry.url'");
    await expect(runApp(sql("'dst.avro.schema' = '{}'"), dir)).rejects.toThrow("kafka_sink: 'avro.schema' applies to format = 'avro', not 'json'");
    await expect(runApp(sql("'dst.producer.thread' = 'yes'"), dir)).rejects.toThrow("invalid value 'yes' for 'dst.producer.thread'; accepted values: true, false");
    await expect(runApp(sql("'dst.producer.threads' = '0'"), dir)).rejects.toThrow("invalid value '0' for 'dst.producer.threads': expected a whole number ≥ 1");
    await expect(runApp(sql("'dst.producer.thread' = 'false', 'dst.producer.threads' = '2'"), dir)).rejects.toThrow(
      "kafka_sink: 'producer.threads' spreads the producer over producer threads, and 'producer.thread' = 'false' keeps it on the job's thread: set one of them",
    );
  });
});
