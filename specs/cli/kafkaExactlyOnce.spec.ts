import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Mulberry32 } from '../../lib/connectors/datagen/mulberry32.js';
import { kafkaFor, sharedTestBroker, waitFor } from '../broker/helpers.js';
import { createTopics, produce, tempDir } from '../connectors/kafka/kafkaTestKit.js';
import {
  GroupWatch,
  STATELESS,
  WINDOWED,
  ferrisRun,
  readCommitted,
  readWithLibrdkafka,
  runToEnd,
  statelessRecords,
  windowedRecords,
  type JobSql,
} from './kafkaJobKit.js';

/*
 * Exactly-once through Kafka transactions (issue 8, item 4 and Tests) with real `ferris run`
 * processes against the broker over TCP (run `npm run build` first): each job is killed with
 * SIGKILL 20 times at random points (seeded: FERRIS_KILL_SEED replays a run), each restart
 * with the same SQL and group, while its input keeps growing; then it runs to the end. The
 * read_committed output (kafkajs, kcat, python3-confluent-kafka) must equal the output of a
 * failure-free run over the same input, message for message.
 */

const KILLS = 20;
/** Input records produced before each run, so that every run has something to read. */
const CHUNK = 1000;

/**
 * Where a kill lands: while the process opens the job (fencing, restoring, joining the group),
 * right after it logged `job started`, right after a checkpoint committed by this run, or a random moment within the
 * next checkpoint interval (100 ms), while a transaction is open.
 */
type KillPoint = 'while-opening' | 'after-start' | 'after-commit' | 'mid-transaction';
const KILL_POINTS: readonly KillPoint[] = ['while-opening', 'after-start', 'after-commit', 'mid-transaction'];

/**
 * The kill points of one run of the spec: each point equally often (`KILLS / 4` times), in an
 * order shuffled by `random`, so that every seed kills as often after a checkpoint (where the
 * next run must resume from it) as before one. Drawing each point independently let some seeds
 * kill after a checkpoint only 4 or 5 times in 20.
 */
function killPoints(random: Mulberry32): KillPoint[] {
  const points = Array.from({ length: KILLS }, (_, i) => KILL_POINTS[i % KILL_POINTS.length]!);
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [points[i], points[j]] = [points[j]!, points[i]!];
  }
  return points;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("ferris run with 'mode' = 'transactional', killed with SIGKILL 20 times", () => {
  const broker = sharedTestBroker();

  async function expectExactlyOnce(name: string, sql: JobSql, records: (first: number, count: number) => { value: string; partition: number }[]): Promise<void> {
    const kafka = kafkaFor(broker());
    const address = broker().address;
    const input = `${name}-in`;
    const group = `${name}-g-killed`;
    await createTopics(kafka, { [input]: 2, [`${name}-clean`]: 1, [`${name}-killed`]: 1 });
    const seed = Number(process.env.FERRIS_KILL_SEED ?? Date.now() % 100_000);
    const random = new Mulberry32(seed);
    const points = killPoints(random);
    const dir = tempDir();
    writeFileSync(join(dir, 'app.sql'), sql({ address, input, group, out: `${name}-killed` }));
    const history: string[] = [];
    let produced = 0;
    let resumed = 0;
    const watch = await GroupWatch.open(kafka);
    const started = Date.now();
    try {
      for (let i = 0; i < KILLS; i++) {
        await produce(kafka, input, records(produced, CHUNK));
        produced += CHUNK;
        const point = points[i]!;
        const pause = Math.floor(random.next() * 100);
        const run = ferrisRun(dir);
        if (point === 'while-opening') {
          await Promise.race([run.started, sleep(pause * 8)]);
        } else if (point === 'after-start') {
          await run.started;
          await sleep(pause);
        } else {
          await run.started;
          const before = await watch.committed(group, input);
          await waitFor('a checkpoint committed by this run', async () => {
            if (run.child.exitCode !== null) throw new Error(`the run ended by itself (${run.child.exitCode}): ${run.stderr()}`);
            return (await watch.committed(group, input)) > before ? true : undefined;
          }, 30_000);
          if (point === 'mid-transaction') await sleep(pause);
        }
        run.child.kill('SIGKILL');
        const how = await run.exited;
        history.push(`${point}${point === 'after-commit' ? '' : ` +${point === 'while-opening' ? pause * 8 : pause} ms`}: ${await watch.committed(group, input)} of ${produced} (${String(how)})`);
        if (run.stderr().includes('resuming from checkpoint')) resumed++;
      }
    } finally {
      await watch.close();
    }
    const killing = Date.now() - started;
    if ((await runToEnd(kafka, dir, group, input)).includes('resuming from checkpoint')) resumed++;
    const context = `seed ${seed} (FERRIS_KILL_SEED=${seed} replays it): ${history.join('; ')}`;
    console.log(`${name}: ${KILLS} kills in ${(killing / 1000).toFixed(1)} s, ${context}`);

    const clean = tempDir();
    writeFileSync(join(clean, 'app.sql'), sql({ address, input, group: `${name}-g-clean`, out: `${name}-clean` }));
    await runToEnd(kafka, clean, `${name}-g-clean`, input);
    const expected = await readCommitted(kafka, `${name}-clean`);
    expect(expected.length).toBeGreaterThan(0);
    expect(await readCommitted(kafka, `${name}-killed`), context).toEqual(expected);
    const librdkafka = await readWithLibrdkafka(address, `${name}-killed`);
    for (const [reader, values] of Object.entries(librdkafka)) expect(values, `${reader}: ${context}`).toEqual(expected);
    console.log(`${name}: ${expected.length} output messages, equal as read by kafkajs${Object.keys(librdkafka).map((reader) => `, ${reader}`).join('')}`);
    // The kills landed while the job ran: restarts resumed from checkpoints a killed run had committed.
    expect(resumed, context).toBeGreaterThan(KILLS / 4);
  }

  it('a stateless job: every record once in the read_committed output', () => expectExactlyOnce('eo-stateless', STATELESS, statelessRecords), 120_000);

  it('a windowed GROUP BY: every window once, with its exact count', () => expectExactlyOnce('eo-windowed', WINDOWED, windowedRecords), 120_000);
});
