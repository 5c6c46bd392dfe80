import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { Mulberry32 } from '../../lib/connectors/datagen/mulberry32.js';
import { kafkaFor, sharedTestBroker, waitFor } from '../broker/helpers.js';
import { committedOffsets, createTopics, produce, tempDir } from '../connectors/kafka/kafkaTestKit.js';
import { endOffsets, ferrisRun, kcat, readCommitted, readWithKcat } from './ferrisRunKit.js';

/*
 * Exactly-once through Kafka transactions (issue 8, item 4) with real `ferris run` processes
 * against the broker over TCP (run `npm run build` first): each job is killed with SIGKILL at
 * random moments and restarted with the same SQL and group until its offsets reach the end;
 * the read_committed output must equal the output of a failure-free run, message for message.
 */

/** The SQL of one run: the same job under `group`, writing to `out`. */
type JobSql = (address: string, input: string, group: string, out: string) => string;

const STATELESS: JobSql = (address, input, group, out) =>
  `CREATE STREAM nums (n INTEGER) WITH ('nums.type' = 'kafka_source', 'nums.bootstrap.servers' = '${address}', 'nums.topic' = '${input}',
     'nums.group.id' = '${group}', 'nums.auto.offset.reset' = 'earliest', 'nums.session.timeout.ms' = '1000', 'nums.batch.size' = '100');
   CREATE STREAM doubled AS SELECT n, n * 2 AS twice FROM nums WHERE n % 5 <> 0
   WITH ('mode' = 'transactional', 'checkpoint.interval' = '100ms', 'doubled.type' = 'kafka_sink', 'doubled.bootstrap.servers' = '${address}', 'doubled.topic' = '${out}');\n`;

const WINDOWED: JobSql = (address, input, group, out) =>
  `CREATE STREAM ticks (k STRING, ts TIMESTAMP, v INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '${address}', 'ticks.topic' = '${input}',
     'ticks.group.id' = '${group}', 'ticks.auto.offset.reset' = 'earliest', 'ticks.session.timeout.ms' = '1000', 'ticks.batch.size' = '100');
   CREATE STREAM per_second AS SELECT k, TUMBLE_START(ts, INTERVAL '1' SECOND) AS w, COUNT(*) AS c, SUM(v) AS s
   FROM ticks GROUP BY k, TUMBLE(ts, INTERVAL '1' SECOND)
   WITH ('event.time.field' = 'ts', 'mode' = 'transactional', 'checkpoint.interval' = '100ms',
     'per_second.type' = 'kafka_sink', 'per_second.bootstrap.servers' = '${address}', 'per_second.topic' = '${out}');\n`;

describe("ferris run with 'mode' = 'transactional', killed with SIGKILL", () => {
  const broker = sharedTestBroker();

  /** Runs the job in `dir` until its offsets under `group` reach the end of `input`, then stops it with SIGTERM. */
  async function runToEnd(kafka: Kafka, dir: string, group: string, input: string): Promise<string> {
    const run = ferrisRun(dir);
    // A restarted job may find its offsets at the end already (the killed run committed them):
    // wait until it runs, so that the SIGTERM below reaches its handler, not a starting process.
    await run.started;
    const end = (await endOffsets(kafka, input)).join();
    await waitFor(`offsets of ${group} at the end (${end})`, async () => ((await committedOffsets(kafka, group, input)).join() === end ? true : undefined), 30_000);
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited, run.stderr()).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(30_000);
    return run.stderr();
  }

  async function expectExactlyOnce(name: string, sql: JobSql, records: { value: string; partition: number }[], kills: number): Promise<void> {
    const kafka = kafkaFor(broker());
    const address = broker().address;
    const input = `${name}-in`;
    await createTopics(kafka, { [input]: 2, [`${name}-clean`]: 1, [`${name}-killed`]: 1 });
    await produce(kafka, input, records);
    const clean = tempDir();
    writeFileSync(join(clean, 'app.sql'), sql(address, input, `${name}-g-clean`, `${name}-clean`));
    await runToEnd(kafka, clean, `${name}-g-clean`, input);
    const expected = await readCommitted(kafka, `${name}-clean`);
    expect(expected.length).toBeGreaterThan(0);

    const seed = Number(process.env.FERRIS_KILL_SEED ?? Date.now() % 100_000);
    const random = new Mulberry32(seed);
    const dir = tempDir();
    writeFileSync(join(dir, 'app.sql'), sql(address, input, `${name}-g-killed`, `${name}-killed`));
    const history: string[] = [];
    let resumed = 0;
    const group = `${name}-g-killed`;
    const end = (await endOffsets(kafka, input)).reduce((a, b) => a + b, 0);
    const committed = async (): Promise<number> => (await committedOffsets(kafka, group, input)).reduce((a, b) => a + Math.max(0, b), 0);
    for (let i = 0; i < kills; i++) {
      const run = ferrisRun(dir);
      await run.started;
      // Kill once this run has committed a checkpoint of its own (or everything is read), at a random moment after it.
      const before = await committed();
      await waitFor('a checkpoint committed by this run', async () => {
        const now = await committed();
        if (run.child.exitCode !== null) throw new Error(`the run ended by itself (${run.child.exitCode}): ${run.stderr()}`);
        return now > before || now === end ? true : undefined;
      }, 30_000);
      const after = Math.floor(random.next() * 400);
      await new Promise((resolve) => setTimeout(resolve, after));
      run.child.kill('SIGKILL');
      history.push(`killed ${after} ms after a checkpoint at ${await committed()} of ${end} offsets: ${String(await run.exited)}`);
      if (run.stderr().includes('resuming from checkpoint')) resumed++;
    }
    if ((await runToEnd(kafka, dir, group, input)).includes('resuming from checkpoint')) resumed++;
    const context = `seed ${seed}: ${history.join('; ')}`;
    expect(await readCommitted(kafka, `${name}-killed`), context).toEqual(expected);
    if (kcat) expect(await readWithKcat(address, `${name}-killed`), context).toEqual(expected);
    // The kills landed while the job ran: restarts resumed from checkpoints a killed run had committed.
    expect(resumed, context).toBeGreaterThan(0);
  }

  it('a stateless job: every record once in the read_committed output', async () => {
    const records = Array.from({ length: 20_000 }, (_, n) => ({ value: JSON.stringify({ n }), partition: n % 2 }));
    await expectExactlyOnce('eo-stateless', STATELESS, records, 3);
  }, 90_000);

  it('a windowed GROUP BY: every window once, with its exact count', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const records = Array.from({ length: 20_000 }, (_, i) => ({ value: JSON.stringify({ k: `k${i % 5}`, ts: t0 + i * 10, v: i % 7 }), partition: i % 2 }));
    await expectExactlyOnce('eo-windowed', WINDOWED, records, 3);
  }, 90_000);
});
