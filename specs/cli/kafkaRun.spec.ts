import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaFor, sharedTestBroker, waitFor } from '../broker/helpers.js';
import { REAL_EXAMPLE } from '../docs/referenceGuideKafka.js';
import { committedOffsets, createTopics, produce, tempDir } from '../connectors/kafka/kafkaTestKit.js';

const ferris = join(import.meta.dirname, '../../bin/ferris.js');

/** `ferris run app.sql` in `dir` as a child process; `exited` resolves with its exit code (or signal). */
function ferrisRun(dir: string, flags: readonly string[] = []): { child: ChildProcess; exited: Promise<number | NodeJS.Signals>; stderr: () => string } {
  const child = spawn(process.execPath, [ferris, 'run', 'app.sql', '--no-progress', ...flags], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  return { child, exited, stderr: () => stderr };
}

type Seen = { key: string | null; value: Record<string, unknown> }[];

/** Every message of a topic (the value as JSON), read from the beginning by a kafkajs consumer, once at least `count` arrived (or `enough` says so). */
async function values(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000, enough = (seen: Seen): boolean => seen.length >= count): Promise<Seen> {
  const consumer = kafka.consumer({ groupId: `reader-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const seen: Seen = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push({ key: message.key?.toString() ?? null, value: JSON.parse(message.value!.toString()) as Record<string, unknown> }) });
  try {
    await waitFor(`${count} messages of ${topic}`, () => (enough(seen) ? true : undefined), timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/**
 * `ferris run` with Kafka sources and sinks as child processes against our broker over TCP
 * (run `npm run build` first): unbounded until SIGTERM, a windowed GROUP BY read back by a
 * kafkajs consumer, and at-least-once across a kill -9.
 */
describe('ferris run with Kafka', () => {
  const broker = sharedTestBroker();

  for (const drain of [true, false]) {
    const name = drain
      ? 'runs a tumbling-window GROUP BY from Kafka to Kafka until SIGTERM, then with --drain emits the open window, exits 0 within seconds and commits every offset read'
      : 'stopped by SIGTERM without --drain, keeps the open window unemitted and commits no offset past its rows, so a restart reads them again';
    it(name, async () => {
      const kafka = kafkaFor(broker());
      const suffix = drain ? 'drained' : 'kept';
      const [ticks, perMinute, group] = [`ticks-${suffix}`, `per-minute-${suffix}`, `g-window-${suffix}`];
      await createTopics(kafka, { [ticks]: 2, [perMinute]: 1 });
      const minute = 60_000;
      const base = Date.UTC(2024, 0, 1);
      await produce(kafka, ticks, [
        { value: JSON.stringify({ symbol: 'AAPL', ts: base + 1000, qty: 1 }), partition: 0 },
        { value: JSON.stringify({ symbol: 'AAPL', ts: base + 2000, qty: 2 }), partition: 1 },
        { value: JSON.stringify({ symbol: 'MSFT', ts: base + 3000, qty: 5 }), partition: 0 },
        // Move both partitions' watermarks past the first minute, so its windows close while running.
        { value: JSON.stringify({ symbol: 'AAPL', ts: base + minute + 1000, qty: 10 }), partition: 0 },
        { value: JSON.stringify({ symbol: 'AAPL', ts: base + minute + 2000, qty: 20 }), partition: 1 },
      ]);
      const dir = tempDir();
      writeFileSync(
        join(dir, 'app.sql'),
        `CREATE STREAM ticks (symbol STRING, ts TIMESTAMP, qty INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '${broker().address}',
           'ticks.topic' = '${ticks}', 'ticks.group.id' = '${group}', 'ticks.auto.offset.reset' = 'earliest', 'ticks.session.timeout.ms' = '1000');
         CREATE STREAM per_minute AS
         SELECT symbol, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS minute, SUM(qty) AS total
         FROM ticks GROUP BY symbol, TUMBLE(ts, INTERVAL '1' MINUTE)
         WITH ('event.time.field' = 'ts', 'per_minute.type' = 'kafka_sink', 'per_minute.bootstrap.servers' = '${broker().address}', 'per_minute.topic' = '${perMinute}');\n`,
      );
      const run = ferrisRun(dir, drain ? ['--drain'] : []);
      const firstMinute = await values(kafka, perMinute, 2);
      expect(firstMinute.map((m) => m.value).sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)))).toEqual([
        { symbol: 'AAPL', minute: '2024-01-01T00:00:00.000Z', total: 3 },
        { symbol: 'MSFT', minute: '2024-01-01T00:00:00.000Z', total: 5 },
      ]);
      expect(firstMinute.map((m) => m.key).sort()).toEqual(['AAPL', 'MSFT']);
      // Windows hold rows not written yet: nothing is committed while the job runs.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await committedOffsets(kafka, group, ticks)).toEqual([-1, -1]);
      const signalled = Date.now();
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(run.stderr()).not.toMatch(/error/i);
      if (drain) {
        // The drain flushed the open window and committed every offset read.
        const all = await values(kafka, perMinute, 3);
        expect(all.map((m) => m.value)).toContainEqual({ symbol: 'AAPL', minute: '2024-01-01T00:01:00.000Z', total: 30 });
        expect(await committedOffsets(kafka, group, ticks)).toEqual([3, 2]);
      } else {
        expect(run.stderr()).toMatch(/stopped without drain: .*not emitted/);
        expect(run.stderr()).toContain('source positions not committed');
        expect(await committedOffsets(kafka, group, ticks)).toEqual([-1, -1]);
        expect((await values(kafka, perMinute, 2)).length).toBe(2);
      }
    });
  }

  it('runs LAG, LEAD and ROW_NUMBER over an unbounded Kafka stream: rows the watermark passed are emitted while running, in event-time order although they arrived out of order, and LEAD waits for the next row (its default at the drain)', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { over_ticks: 1, over_out: 1 });
    const base = Date.UTC(2024, 0, 1);
    await produce(
      kafka,
      'over_ticks',
      [
        ['AAPL', 1000, 1],
        ['AAPL', 3000, 3],
        ['AAPL', 2000, 2], // out of order by 1 s, within the 5 s bound
        ['MSFT', 4000, 5],
        ['AAPL', 20_000, 20], // the watermark moves to 15 s
      ].map(([symbol, ts, qty]) => ({ value: JSON.stringify({ symbol, ts: base + (ts as number), qty }), partition: 0 })),
    );
    const dir = tempDir();
    const over = 'OVER (PARTITION BY symbol ORDER BY ts)';
    writeFileSync(
      join(dir, 'app.sql'),
      `CREATE STREAM over_ticks (symbol STRING, ts TIMESTAMP, qty INTEGER) WITH ('over_ticks.type' = 'kafka_source', 'over_ticks.bootstrap.servers' = '${broker().address}',
         'over_ticks.topic' = 'over_ticks', 'over_ticks.group.id' = 'g-over', 'over_ticks.auto.offset.reset' = 'earliest', 'over_ticks.session.timeout.ms' = '1000');
       CREATE STREAM over_out AS
       SELECT symbol, qty, ROW_NUMBER() ${over} AS n, LAG(qty) ${over} AS prev, LEAD(qty, 1, -1) ${over} AS next FROM over_ticks
       WITH ('watermark.max_out_of_orderness' = '5s', 'over_out.type' = 'kafka_sink', 'over_out.bootstrap.servers' = '${broker().address}', 'over_out.topic' = 'over_out');\n`,
    );
    const run = ferrisRun(dir, ['--drain']);
    const running = await values(kafka, 'over_out', 2);
    // AAPL @3 s waits for its next row to be passed by the watermark, MSFT @4 s too.
    expect(running.map((m) => m.value)).toEqual([
      { symbol: 'AAPL', qty: 1, n: 1, prev: null, next: 2 },
      { symbol: 'AAPL', qty: 2, n: 2, prev: 1, next: 3 },
    ]);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const all = await values(kafka, 'over_out', 5);
    expect(all.slice(2).map((m) => m.value)).toEqual([
      { symbol: 'AAPL', qty: 3, n: 3, prev: 2, next: 20 },
      { symbol: 'AAPL', qty: 20, n: 4, prev: 3, next: -1 },
      { symbol: 'MSFT', qty: 5, n: 1, prev: null, next: -1 },
    ]);
  }, 30_000);

  it("loses nothing across a kill -9 in 'mode' = 'simple': restarted with the same group, the output holds every input record at least once", async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { numbers: 2, doubled: 1 });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'app.sql'),
      `CREATE STREAM numbers (n INTEGER) WITH ('numbers.type' = 'kafka_source', 'numbers.bootstrap.servers' = '${broker().address}', 'numbers.topic' = 'numbers',
         'numbers.group.id' = 'g-kill', 'numbers.auto.offset.reset' = 'earliest', 'numbers.session.timeout.ms' = '1000', 'numbers.batch.size' = '50');
       CREATE STREAM doubled AS SELECT n, n * 2 AS twice FROM numbers
       WITH ('mode' = 'simple', 'commit.interval' = '100ms', 'doubled.type' = 'kafka_sink', 'doubled.bootstrap.servers' = '${broker().address}', 'doubled.topic' = 'doubled');\n`,
    );
    const total = 3000;
    const send = (from: number, to: number): Promise<void> =>
      produce(kafka, 'numbers', Array.from({ length: to - from }, (_, i) => ({ value: JSON.stringify({ n: from + i }), partition: (from + i) % 2 })));
    const first = ferrisRun(dir);
    await send(0, 1000);
    await values(kafka, 'doubled', 500);
    // Rows pass straight through: offsets are committed while running, every commit.interval.
    await waitFor('a commit while running', async () => ((await committedOffsets(kafka, 'g-kill', 'numbers')).some((o) => o > 0) ? true : undefined));
    await send(1000, 2000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await send(2000, total);
    const second = ferrisRun(dir);
    const out = await values(kafka, 'doubled', total, 30_000, (seen) => new Set(seen.map((m) => m.value.n)).size >= total);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const seen = new Set(out.map((m) => m.value.n as number));
    const missing = Array.from({ length: total }, (_, n) => n).filter((n) => !seen.has(n));
    expect(missing).toEqual([]);
    for (const { value } of out) expect(value.twice).toBe((value.n as number) * 2);
    expect(await committedOffsets(kafka, 'g-kill', 'numbers')).toEqual([total / 2, total / 2]);
  }, 60_000);

  it("checks the reference guide's Kafka example statically: its seed keys and codecs are accepted, an unknown codec is refused at its line", () => {
    const dir = tempDir();
    const guide = (codec: string): string => `${REAL_EXAMPLE.sql.replace("'lz4'", `'${codec}'`)}\n`;
    const check = (): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [ferris, 'check', 'app.sql'], { cwd: dir, encoding: 'utf8' });
    writeFileSync(join(dir, 'app.sql'), guide('lz5'));
    const refused = check();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("app.sql:12:5: invalid value 'lz5' for 'sink.kafka.compression.type'");
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      writeFileSync(join(dir, 'app.sql'), guide(codec));
      const accepted = check();
      expect(`${String(accepted.stdout)}${String(accepted.stderr)}`).toContain('OK (1 job)');
      expect(accepted.status).toBe(0);
    }
  });
});
