import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BadRecord, Sink } from '../../../lib/connectors/types.js';
import { loadApp } from '../../../lib/runtime/app.js';
import { silentLogger } from '../../../lib/runtime/logger.js';
import { openJob } from '../../../lib/runtime/openJob.js';
import { kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { committedOffsets, createTopics, jsonLines, produce, runApp, tempDir } from './kafkaTestKit.js';

/** The Kafka source over real TCP against our own broker, driven by SQL applications run in process. */
describe('kafka_source', () => {
  const broker = sharedTestBroker();

  it('reads JSON records into declared columns with _key, _headers (HEADER), _partition, _offset, _timestamp and _topic, and commits the last offsets on drain', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { trades: 2 });
    await produce(kafka, 'trades', [
      { key: 'k1', value: '{"symbol":"AAPL","price":"101.50"}', partition: 0, headers: { src: 'feed-a' }, timestamp: '1700000000000' },
      { key: 'k2', value: '{"symbol":"MSFT","price":"5.00"}', partition: 0, timestamp: '1700000001000' },
      { key: 'k3', value: '{"symbol":"GOOG","price":"250.25"}', partition: 1, headers: { src: 'feed-b' }, timestamp: '1700000002000' },
    ]);
    const dir = tempDir();
    const app = await runApp(
      `CREATE STREAM trades (symbol STRING, price DECIMAL(10,2)) WITH ('trades.type' = 'kafka_source', 'trades.bootstrap.servers' = '${broker().address}',
         'trades.topic' = 'trades', 'trades.group.id' = 'g-read', 'trades.auto.offset.reset' = 'earliest');
       CREATE STREAM big AS SELECT symbol, price, _key AS k, _partition AS p, _offset AS o, _timestamp AS ts, _topic AS t, HEADER('src') AS src
         FROM trades WHERE price > 10 WITH ('big.type' = 'file_sink', 'big.path' = 'big.jsonl');`,
      dir,
    );
    const out = join(dir, 'big.jsonl');
    await waitFor('two rows written', () => (jsonLines(out).length >= 2 ? true : undefined));
    const [outcome] = await app.stop();
    expect(outcome!.error).toBeUndefined();
    const rows = jsonLines(out).sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)));
    expect(rows).toEqual([
      { symbol: 'AAPL', price: '101.50', k: 'k1', p: 0, o: 0, ts: '2023-11-14T22:13:20.000Z', t: 'trades', src: 'feed-a' },
      { symbol: 'GOOG', price: '250.25', k: 'k3', p: 1, o: 0, ts: '2023-11-14T22:13:22.000Z', t: 'trades', src: 'feed-b' },
    ]);
    expect(await committedOffsets(kafka, 'g-read', 'trades')).toEqual([2, 1]);
  });

  it('reads string values into the column value, topics by pattern, and commits under the default group ferris-<job>', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'logs-a': 1, 'logs-b': 1, other: 1 });
    await produce(kafka, 'logs-a', [{ value: 'hello' }]);
    await produce(kafka, 'logs-b', [{ value: 'world' }]);
    await produce(kafka, 'other', [{ value: 'not me' }]);
    const dir = tempDir();
    const app = await runApp(
      `CREATE STREAM logs WITH ('logs.type' = 'kafka_source', 'logs.bootstrap.servers' = '${broker().address}', 'logs.topic.pattern' = 'logs-.*',
         'logs.format' = 'string', 'logs.auto.offset.reset' = 'earliest');
       CREATE STREAM lines AS SELECT value, _topic AS t FROM logs WITH ('lines.type' = 'file_sink', 'lines.path' = 'lines.jsonl');`,
      dir,
    );
    const out = join(dir, 'lines.jsonl');
    await waitFor('two lines', () => (jsonLines(out).length >= 2 ? true : undefined));
    await app.stop();
    expect(jsonLines(out).sort((a, b) => String(a.t).localeCompare(String(b.t)))).toEqual([
      { value: 'hello', t: 'logs-a' },
      { value: 'world', t: 'logs-b' },
    ]);
    expect(await committedOffsets(kafka, 'ferris-lines', 'logs-a')).toEqual([1]);
  });

  it('routes undecodable JSON through the failure strategy with topic, partition and offset, and reads on', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { dirty: 1 });
    await produce(kafka, 'dirty', [{ value: '{"n":1}' }, { value: '{not json' }, { value: '{"n":3}' }]);
    const dir = tempDir();
    const bad: BadRecord[] = [];
    const app = await runApp(
      `CREATE STREAM dirty (n INTEGER) WITH ('dirty.type' = 'kafka_source', 'dirty.bootstrap.servers' = '${broker().address}', 'dirty.topic' = 'dirty',
         'dirty.group.id' = 'g-dirty', 'dirty.auto.offset.reset' = 'earliest');
       CREATE STREAM clean AS SELECT n FROM dirty WITH ('clean.type' = 'file_sink', 'clean.path' = 'clean.jsonl');`,
      dir,
      { failures: { badRecord: (_job, record) => bad.push(record) } },
    );
    const out = join(dir, 'clean.jsonl');
    await waitFor('two good rows', () => (jsonLines(out).length >= 2 ? true : undefined));
    await app.stop();
    expect(jsonLines(out)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ raw: '{not json', origin: 'dirty[0]', position: 1 });
    expect(await committedOffsets(kafka, 'g-dirty', 'dirty')).toEqual([3]);
  });

  it('resumes from the committed offsets when started again with the same group', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { resume: 1 });
    await produce(kafka, 'resume', [{ value: '{"n":1}' }, { value: '{"n":2}' }]);
    const dir = tempDir();
    const sql = (file: string): string =>
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'resume',
         'src.group.id' = 'g-resume', 'src.auto.offset.reset' = 'earliest');
       CREATE STREAM out AS SELECT n FROM src WITH ('out.type' = 'file_sink', 'out.path' = '${file}');`;
    const first = await runApp(sql('first.jsonl'), dir);
    await waitFor('first run', () => (jsonLines(join(dir, 'first.jsonl')).length >= 2 ? true : undefined));
    await first.stop();
    await produce(kafka, 'resume', [{ value: '{"n":3}' }]);
    const second = await runApp(sql('second.jsonl'), dir);
    await waitFor('second run', () => (jsonLines(join(dir, 'second.jsonl')).length >= 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.stop();
    expect(jsonLines(join(dir, 'second.jsonl'))).toEqual([{ n: 3 }]);
  });

  it('refuses a topic that does not exist (with a did-you-mean), Avro without a schema, and both topic and topic.pattern', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { payments: 1 });
    const sql = (keys: string): string =>
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', ${keys});
       CREATE STREAM out AS SELECT n FROM src WITH ('out.type' = 'file_sink', 'out.path' = 'never.jsonl');`;
    const dir = tempDir();
    await expect(runApp(sql("'src.topic' = 'paymnets'"), dir)).rejects.toThrow(/the topic 'paymnets' does not exist on .* \(did you mean 'payments'\?\)/);
    await expect(runApp(sql("'src.topic' = 'payments', 'src.format' = 'avro'"), dir)).rejects.toThrow(
      "kafka_source with format = 'avro' needs its schema: set 'avro.schema', 'avro.schema.file' or 'schema.registry.url'",
    );
    await expect(runApp(sql("'src.topic' = 'payments', 'src.topic.pattern' = 'pay.*'"), dir)).rejects.toThrow(/set either 'topic'.* or 'topic.pattern'/);
    await expect(runApp(sql("'src.topic' = 'payments', 'src.group.idd' = 'g'"), dir)).rejects.toThrow(/did you mean 'src.group.id'/);
  });
});

/** At-least-once: offsets are committed only after the sink acknowledged the rows read before them. */
describe("kafka_source in 'mode' = 'simple'", () => {
  const broker = sharedTestBroker();

  it('commits while running every commit.interval, up to the end offsets even when the last records produce no output', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { tail: 1 });
    await produce(kafka, 'tail', [{ value: '{"n":5}' }, { value: '{"n":0}' }, { value: '{"n":0}' }]);
    const dir = tempDir();
    const app = await runApp(
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'tail',
         'src.group.id' = 'g-tail', 'src.auto.offset.reset' = 'earliest');
       CREATE STREAM out AS SELECT n FROM src WHERE n > 0 WITH ('mode' = 'simple', 'commit.interval' = '50ms', 'out.type' = 'file_sink', 'out.path' = 'out.jsonl');`,
      dir,
    );
    await waitFor('the end offset committed while running', async () => ((await committedOffsets(kafka, 'g-tail', 'tail'))[0] === 3 ? true : undefined), 5000);
    expect(jsonLines(join(dir, 'out.jsonl'))).toEqual([{ n: 5 }]);
    await app.stop();
  });

  it('commits nothing when the sink fails to write, so a restart reads the records again', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { unacked: 1 });
    await produce(kafka, 'unacked', [{ value: '{"n":1}' }, { value: '{"n":2}' }]);
    const app = loadApp(
      `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'kafka_source', 'src.bootstrap.servers' = '${broker().address}', 'src.topic' = 'unacked',
         'src.group.id' = 'g-unacked', 'src.auto.offset.reset' = 'earliest');
       SELECT n FROM src WITH ('mode' = 'simple', 'commit.interval' = '1ms');`,
      { file: undefined, variables: () => undefined },
    );
    let attempts = 0;
    const failing: Sink = {
      write: async () => {
        attempts++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('disk full');
      },
      flush: async () => undefined,
      close: async () => undefined,
    };
    const job = await openJob(app.jobs[0]!, { baseDir: '.', log: silentLogger, sink: () => failing });
    await expect(job.run()).rejects.toThrow('disk full');
    expect(attempts).toBe(1);
    expect(await committedOffsets(kafka, 'g-unacked', 'unacked')).toEqual([-1]);
  });
});
