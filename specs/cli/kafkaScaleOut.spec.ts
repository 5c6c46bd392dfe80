import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaFor, sharedTestBroker, waitFor } from '../broker/helpers.js';
import { committedOffsets, createTopics, produce, tempDir } from '../connectors/kafka/kafkaTestKit.js';
import { endOffsets, ferrisRun, heldPartitions, readCommitted, readWithLibrdkafka, waitLogged, type Running } from './kafkaJobKit.js';

/*
 * Scale-out on a consumer group (issue 8, item 7) with real `ferris run` processes against
 * the broker over TCP (run `npm run build` first): two processes of the same SQL and group
 * share a 4-partition topic; one is killed with SIGKILL mid-run and the survivor takes its
 * partitions over (their tasks restored from the changelog). The read_committed output must
 * equal a failure-free run of one process, message for message: every record once, every
 * window once with its exact count.
 */

type JobSql = (address: string, input: string, group: string, out: string) => string;

const STATELESS: JobSql = (address, input, group, out) =>
  `CREATE STREAM nums (n INTEGER) WITH ('nums.type' = 'kafka_source', 'nums.bootstrap.servers' = '${address}', 'nums.topic' = '${input}',
     'nums.group.id' = '${group}', 'nums.auto.offset.reset' = 'earliest', 'nums.session.timeout.ms' = '1000', 'nums.batch.size' = '100');
   CREATE STREAM doubled AS SELECT n, n * 2 AS twice FROM nums WHERE n % 5 <> 0
   WITH ('mode' = 'transactional', 'checkpoint.interval' = '100ms', 'doubled.type' = 'kafka_sink', 'doubled.bootstrap.servers' = '${address}', 'doubled.topic' = '${out}');\n`;

/** Grouped by `k`, which is not the record key: the job is repartitioned. */
const WINDOWED: JobSql = (address, input, group, out) =>
  `CREATE STREAM ticks (k STRING, ts TIMESTAMP, v INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '${address}', 'ticks.topic' = '${input}',
     'ticks.group.id' = '${group}', 'ticks.auto.offset.reset' = 'earliest', 'ticks.session.timeout.ms' = '1000', 'ticks.batch.size' = '100');
   CREATE STREAM per_second AS SELECT k, TUMBLE_START(ts, INTERVAL '1' SECOND) AS w, COUNT(*) AS c, SUM(v) AS s
   FROM ticks GROUP BY k, TUMBLE(ts, INTERVAL '1' SECOND)
   WITH ('event.time.field' = 'ts', 'mode' = 'transactional', 'checkpoint.interval' = '100ms',
     'per_second.type' = 'kafka_sink', 'per_second.bootstrap.servers' = '${address}', 'per_second.topic' = '${out}');\n`;

type Records = { key: string; value: string; partition: number }[];

describe('two ferris run processes in one consumer group, one killed with SIGKILL', () => {
  const broker = sharedTestBroker();

  const inputDone = async (kafka: Kafka, group: string, input: string): Promise<true | undefined> =>
    (await committedOffsets(kafka, group, input)).join() === (await endOffsets(kafka, input)).join() ? true : undefined;

  /** SIGTERM: the process must exit 0 within 30 s (the contract), its last transactions committed. */
  async function stop(run: Running): Promise<void> {
    run.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running 30 s after SIGTERM'), 30_000)));
    const exit = await Promise.race([run.exited, late]);
    clearTimeout(timer);
    if (exit !== 0) run.child.kill('SIGKILL');
    expect(exit, run.stderr()).toBe(0);
  }

  /**
   * @param stateful where the victim's tasks that hold state commit (group and topic), from the
   * job's group and input: the input itself for a job without repartition.
   */
  async function expectTakeover(name: string, sql: JobSql, first: Records, second: Records, stateful = (group: string, input: string) => ({ group, topic: input })): Promise<void> {
    const kafka = kafkaFor(broker());
    const address = broker().address;
    // The same records in two topics: one read by a single process without failure, one by the two processes.
    const cleanInput = `${name}-in-clean`;
    const input = `${name}-in`;
    await createTopics(kafka, { [cleanInput]: 4, [input]: 4, [`${name}-clean`]: 1, [`${name}-scaled`]: 1 });
    await produce(kafka, cleanInput, first);
    await produce(kafka, input, first);

    const clean = tempDir();
    writeFileSync(join(clean, 'app.sql'), sql(address, cleanInput, `${name}-g-clean`, `${name}-clean`));
    const alone = ferrisRun(clean);
    await alone.started;
    await produce(kafka, cleanInput, second);
    await waitFor('the single process read everything', () => inputDone(kafka, `${name}-g-clean`, cleanInput), 60_000);
    await stop(alone);
    const expected = await readCommitted(kafka, `${name}-clean`);
    expect(expected.length).toBeGreaterThan(0);

    // Two processes share the partitions of the first half; one dies; the second half is the survivor's alone.
    const group = `${name}-g-scaled`;
    const dir = tempDir();
    writeFileSync(join(dir, 'app.sql'), sql(address, input, group, `${name}-scaled`));
    const survivor = ferrisRun(dir);
    const victim = ferrisRun(dir);
    await Promise.all([survivor.started, victim.started]);
    await waitLogged('the two processes sharing the partitions', [survivor, victim], () => (heldPartitions(survivor, input).length === 2 && heldPartitions(victim, input).length === 2 ? true : undefined));
    const firstEnd = first.length;
    const state = stateful(group, input);
    await waitLogged('a checkpoint of a task of the victim committed', [survivor, victim], async () => {
      const offsets = await committedOffsets(kafka, state.group, state.topic);
      const victims = heldPartitions(victim, state.topic).map((p) => offsets[Number(p.slice(p.lastIndexOf('-') + 1))] ?? -1);
      return victims.some((o) => o > 0) ? true : undefined;
    });
    const logBeforeKill = survivor.stderr().length;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    const killedAt = (await committedOffsets(kafka, group, input)).reduce((a, b) => a + Math.max(0, b), 0);
    await produce(kafka, input, second);
    await waitLogged('the survivor holding every partition', [survivor], () => (heldPartitions(survivor, input).length === 4 ? true : undefined));
    await waitLogged(`offsets of ${group} at the end`, [survivor], () => inputDone(kafka, group, input));
    await stop(survivor);

    const context = `killed with ${killedAt} of ${firstEnd + second.length} offsets committed`;
    expect(survivor.stderr()).toContain('scaled out:');
    // The victim's tasks moved with their state: the survivor restored them from their checkpoints.
    expect(survivor.stderr().slice(logBeforeKill)).toContain('resuming from checkpoint');
    expect(await readCommitted(kafka, `${name}-scaled`), context).toEqual(expected);
    for (const [reader, values] of Object.entries(await readWithLibrdkafka(address, `${name}-scaled`))) expect(values, `${reader}: ${context}`).toEqual(expected);
  }

  it('a stateless job: every record once, the dead process\'s partitions taken over', async () => {
    const records = Array.from({ length: 16_000 }, (_, n) => ({ key: `r${(n * 7919) % 1000}`, value: JSON.stringify({ n }), partition: n % 4 }));
    await expectTakeover('so-stateless', STATELESS, records.slice(0, 8_000), records.slice(8_000));
  }, 180_000);

  it('a windowed GROUP BY by a column that is not the key: every window once, with its exact count', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const records = Array.from({ length: 16_000 }, (_, i) => ({ key: `r${(i * 7919) % 1000}`, value: JSON.stringify({ k: `k${i % 5}`, ts: t0 + i * 10, v: i % 7 }), partition: i % 4 }));
    // The windows' state is in the second stage's tasks, which commit under <group>-repartition.
    await expectTakeover('so-windowed', WINDOWED, records.slice(0, 8_000), records.slice(8_000), (group) => ({ group: `${group}-repartition`, topic: `${group}-per_second-repartition` }));
  }, 180_000);
});
