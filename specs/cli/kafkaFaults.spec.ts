import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFailed } from 'vitest';
import { proxiedTestBroker } from '../broker/faultProxy.js';
import { waitFor } from '../broker/helpers.js';
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
  type Running,
} from './kafkaJobKit.js';

/*
 * Broker faults (issue 8, Tests): `ferris run` transactional jobs read and write through a TCP
 * fault proxy (specs/broker/faultProxy.ts; the broker advertises the proxy's port, so every
 * connection of the job goes through it) while connections are dropped (also in the middle of a
 * response), responses delayed beyond request and session timeouts, the network black-holed, the job's transaction
 * aborted by the coordinator's timeout, and its producer fenced by a newer one. The job keeps
 * going or restarts by itself ('restart.strategy'); a fenced zombie stops. The read_committed
 * output (kafkajs, kcat, python3-confluent-kafka) equals a failure-free run's.
 */

/** Records produced before each fault, so that every fault lands while the job has input to read. */
const CHUNK = 2000;

const env = proxiedTestBroker({ retries: 20, initialRetryTime: 50, maxRetryTime: 500 });

/** One job scenario: its SQL, its records, the transactional id of its sink. */
interface Scenario {
  readonly name: string;
  readonly sql: JobSql;
  readonly records: (first: number, count: number) => { value: string; partition: number }[];
  /** The job's name (its sink), part of its tasks' transactional ids `<group>-<job>-<task>`. */
  readonly job: string;
  /** The task holding partition 0 (of the input, or of the repartition topic of a job keyed by other columns than the key). */
  readonly firstTask: (input: string) => string;
  /** The name of the job's source stream, which prefixes its keys. */
  readonly source: string;
}

const stateless = (name: string): Scenario => ({ name, sql: STATELESS, records: statelessRecords, job: 'doubled', firstTask: (input) => `${input}-0`, source: 'nums' });
const windowed = (name: string): Scenario => ({ name, sql: WINDOWED, records: windowedRecords, job: 'per_second', firstTask: () => 'repartition-0', source: 'ticks' });

/** `sql` with more keys of the source stream's WITH (after its last one, `batch.size`). */
function withSourceKeys(sql: string, source: string, sourceKeys: Readonly<Record<string, string>>): string {
  const last = `'${source}.batch.size' = '100'`;
  return sql.replace(last, [last, ...Object.entries(sourceKeys).map(([key, value]) => `'${source}.${key}' = '${value}'`)].join(', '));
}

/** A job under faults: its directory, group, topics, the records produced so far, and the running process. */
class FaultedJob {
  produced = 0;
  run: Running | undefined;
  readonly dir = tempDir();
  readonly group: string;
  readonly input: string;
  readonly out: string;

  constructor(
    readonly scenario: Scenario,
    jobKeys: Readonly<Record<string, string>>,
    sessionTimeoutMs?: number,
    sourceKeys: Readonly<Record<string, string>> = {},
  ) {
    this.group = `${scenario.name}-g`;
    this.input = `${scenario.name}-in`;
    this.out = `${scenario.name}-out`;
    const target = { address: env().proxy.address, input: this.input, group: this.group, out: this.out, jobKeys };
    const sql = scenario.sql(sessionTimeoutMs === undefined ? target : { ...target, sessionTimeoutMs });
    writeFileSync(join(this.dir, 'app.sql'), withSourceKeys(sql, scenario.source, sourceKeys));
  }

  /** The transactional id of the task of partition 0 (the job runs as tasks per partition). */
  get transactionalId(): string {
    return `${this.group}-${this.scenario.job}-${this.scenario.firstTask(this.input)}`;
  }

  /** Starts the job; a failing test prints its log, whatever failed (a spec timeout too). */
  /** Creates the topics, produces the first chunk, starts the job and opens a watch of the groups' offsets. */
  async begin(): Promise<{ run: Running; watch: GroupWatch }> {
    await createTopics(env().kafka, { [this.input]: 2, [this.out]: 1 });
    await this.produceChunk();
    const run = await this.start();
    return { run, watch: await GroupWatch.open(env().kafka) };
  }

  async start(): Promise<Running> {
    const run = ferrisRun(this.dir);
    this.run = run;
    onTestFailed(() => console.error(`${this.scenario.name}: the job's log:\n${run.stderr()}`));
    await run.started;
    return run;
  }

  /** Produces the next chunk of input (no fault is active then). */
  async produceChunk(): Promise<void> {
    await produce(env().kafka, this.input, this.scenario.records(this.produced, CHUNK));
    this.produced += CHUNK;
  }

  /** Waits until the job committed offsets past `than` (polling through the proxy, so a failed poll just polls again). */
  async progressPast(watch: GroupWatch, than: number, what: string): Promise<number> {
    return this.waitingFor(() => this.committedPast(watch, than, what));
  }

  /** `wait`, failing with the job's log when it does not come. */
  async waitingFor<T>(wait: () => Promise<T>): Promise<T> {
    try {
      return await wait();
    } catch (error) {
      throw new Error(`${(error as Error).message}; the job's log:\n${this.run?.stderr()}`, { cause: error });
    }
  }

  private async committedPast(watch: GroupWatch, than: number, what: string): Promise<number> {
    let last: unknown;
    try {
      return await waitFor(
        what,
        async () => {
          if (this.run?.child.exitCode !== null) throw new Error(`the job ended (${this.run?.child.exitCode}) while waiting for ${what}: ${this.run?.stderr()}`);
          const now = await watch.committed(this.group, this.input).catch((error: unknown) => void (last = error));
          if (now !== undefined) last = now;
          return now !== undefined && now > than ? now : undefined;
        },
        60_000,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message} (past ${than} of ${this.produced}; the last poll: ${String(last)})`, { cause: error });
    }
  }
}

/** The failure-free output of `scenario` over `records` input records, by a job of its own under another group. */
async function cleanOutput(scenario: Scenario, records: number): Promise<string[]> {
  const dir = tempDir();
  const group = `${scenario.name}-clean-g`;
  const out = `${scenario.name}-clean-out`;
  writeFileSync(join(dir, 'app.sql'), scenario.sql({ address: env().proxy.address, input: `${scenario.name}-in`, group, out }));
  await createTopics(env().kafka, { [out]: 1 });
  await runToEnd(env().kafka, dir, group, `${scenario.name}-in`);
  expect(records).toBeGreaterThan(0);
  return readCommitted(env().kafka, out);
}

/** Checks the faulted job's output against the failure-free run, with kafkajs and the librdkafka readers. */
async function expectFailureFreeOutput(job: FaultedJob, context: string): Promise<void> {
  const expected = await cleanOutput(job.scenario, job.produced);
  expect(expected.length).toBeGreaterThan(0);
  expect(await readCommitted(env().kafka, job.out), context).toEqual(expected);
  for (const [reader, values] of Object.entries(await readWithLibrdkafka(env().proxy.address, job.out))) expect(values, `${reader}: ${context}`).toEqual(expected);
}

/** The network faults, each injected once the job has made progress on fresh input. */
const NETWORK_FAULTS: readonly { readonly name: string; inject(): Promise<void> }[] = [
  { name: 'every connection dropped', inject: async () => void env().proxy.dropConnections() },
  {
    name: 'responses delayed 1.5 s for 3 s (beyond the session timeout of 1 s)',
    inject: async () => {
      env().proxy.delayResponses(1500);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      env().proxy.delayResponses(0);
    },
  },
  { name: 'network black-holed for 2 s', inject: () => env().proxy.blackHole(2000) },
  // kafkajs alone then reads every later response of the cut connections from a wrong offset, and its consumer stops fetching.
  { name: 'every connection reset in the middle of its next response', inject: async () => void env().proxy.cutMidResponse() },
  { name: 'every connection dropped twice in a row', inject: async () => {
    env().proxy.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 200));
    env().proxy.dropConnections();
  } },
];

async function networkFaults(scenario: Scenario): Promise<void> {
  const job = new FaultedJob(scenario, { 'restart.backoff': '100ms' });
  const { run, watch } = await job.begin();
  const history: string[] = [];
  try {
    let committed = await job.progressPast(watch, 0, 'a first checkpoint');
    for (const fault of NETWORK_FAULTS) {
      await job.produceChunk();
      committed = await job.progressPast(watch, committed, `progress before: ${fault.name}`);
      await fault.inject();
      history.push(fault.name);
      await job.produceChunk();
      committed = await job.progressPast(watch, committed, `progress after: ${fault.name}`);
    }
    // The same process reads on to the end of its input.
    await job.progressPast(watch, job.produced - 1, 'the offsets at the end of the input');
  } finally {
    await watch.close().catch(() => undefined);
  }
  run.child.kill('SIGTERM');
  expect(await run.exited, run.stderr()).toBe(0);
  const restarts = run.stderr().split('\n').filter((line) => line.includes('job restarting')).map((line) => /error="([^"]*)"/.exec(line)?.[1] ?? line);
  console.log(`${scenario.name}: ${history.join('; ')}: the job restarted ${restarts.length} times${restarts.length === 0 ? '' : ` after: ${restarts.join('; ')}`}`);
  await expectFailureFreeOutput(job, `${history.join('; ')}\n${run.stderr()}`);
}

/**
 * Half-open fetch connections: the consumers' fetches go out and are never answered, and nothing
 * is reset, so kafkajs waits for each one its request timeout (30 s), then fetches again on the
 * same connection. The source's liveness watch ('liveness.timeout.ms', 3 s here) fails the job
 * instead, which restarts with new connections.
 */
async function stalledFetches(scenario: Scenario): Promise<void> {
  const job = new FaultedJob(scenario, { 'restart.backoff': '100ms' }, undefined, { 'liveness.timeout.ms': '3000' });
  const { run, watch } = await job.begin();
  try {
    let committed = await job.progressPast(watch, 0, 'a first checkpoint');
    expect(env().proxy.stallFetchConnections()).toBeGreaterThan(0);
    await job.produceChunk();
    committed = await job.progressPast(watch, committed, 'progress after the fetch connections stalled');
    await job.progressPast(watch, job.produced - 1, 'the offsets at the end of the input');
  } finally {
    await watch.close().catch(() => undefined);
  }
  expect(run.stderr()).toMatch(/ERROR kafka consumer stalled: no fetch completed and no batch handled for longer than 'liveness.timeout.ms'/);
  expect(run.stderr()).toMatch(/job restarting: .* error="kafka_source: the consumer of group '\S+' completed no fetch for \d+ ms \('liveness.timeout.ms' = 3000\)/);
  run.child.kill('SIGTERM');
  expect(await run.exited, run.stderr()).toBe(0);
  await expectFailureFreeOutput(job, run.stderr());
}

async function coordinatorTimeout(scenario: Scenario, sink: string): Promise<void> {
  // Transactions live one checkpoint interval (100 ms); the coordinator aborts one open longer than 1 s.
  // A session timeout of 6 s keeps the consumer in its group while responses are held, so data flows into transactions.
  const job = new FaultedJob(scenario, { 'restart.backoff': '100ms', [`${sink}.transaction.timeout.ms`]: '1000' }, 6000);
  const { run, watch } = await job.begin();
  try {
    let committed = await job.progressPast(watch, 0, 'a first checkpoint');
    await job.produceChunk();
    committed = await job.progressPast(watch, committed, 'progress on the second chunk');
    // Responses held 1.5 s for 6 s while a fresh chunk is read: each request of the transaction that
    // writes it waits 1.5 s for its answer, so the transaction outlives its timeout and the broker aborts it.
    env().proxy.delayResponses(1500);
    await job.produceChunk();
    await new Promise((resolve) => setTimeout(resolve, 4500));
    env().proxy.delayResponses(0);
    await job.waitingFor(() => waitFor('the job restarting after its transaction was aborted', () => (run.stderr().includes('job restarting') ? true : undefined), 30_000));
    await job.produceChunk();
    await job.progressPast(watch, committed, 'progress after the restart');
    await job.progressPast(watch, job.produced - 1, 'the offsets at the end of the input');
  } finally {
    env().proxy.delayResponses(0);
    await watch.close().catch(() => undefined);
  }
  expect(run.stderr()).toMatch(/longer than its timeout of 1000 ms, and the broker aborted it/);
  expect(run.stderr()).toContain('job restarted');
  expect(run.stderr()).toContain('resuming from checkpoint');
  run.child.kill('SIGTERM');
  expect(await run.exited, run.stderr()).toBe(0);
  await expectFailureFreeOutput(job, run.stderr());
}

/** With 'restart.strategy' = 'none' the job does not restart: the same aborted transaction fails it, saying why. */
async function noRestart(scenario: Scenario, sink: string): Promise<void> {
  const job = new FaultedJob(scenario, { 'restart.strategy': 'none', [`${sink}.transaction.timeout.ms`]: '1000' }, 6000);
  const { run, watch } = await job.begin();
  try {
    await job.progressPast(watch, 0, 'a first checkpoint');
  } finally {
    await watch.close();
  }
  // Responses held as in the restart case (a job cannot close its consumer while they are held).
  env().proxy.delayResponses(1500);
  await job.produceChunk();
  await new Promise((resolve) => setTimeout(resolve, 4500));
  env().proxy.delayResponses(0);
  expect(await run.exited, run.stderr()).toBe(1);
  expect(run.stderr()).toMatch(/ERROR job failed job=\S+ error="the transaction of \S+ was open \d+ ms, longer than its timeout of 1000 ms/);
  expect(run.stderr()).not.toContain('job restarting');
}

async function fencedZombie(scenario: Scenario): Promise<void> {
  const job = new FaultedJob(scenario, { 'restart.backoff': '100ms' });
  const { run, watch } = await job.begin();
  try {
    const committed = await job.progressPast(watch, 0, 'a first checkpoint');
    await job.produceChunk();
    await job.progressPast(watch, committed, 'progress on the second chunk');
  } finally {
    await watch.close();
  }
  // A newer instance initialises the job's transactional id: the running job is now a zombie.
  const newer = env().kafka.producer({ transactionalId: job.transactionalId, idempotent: true, maxInFlightRequests: 1 });
  await newer.connect();
  await (await newer.transaction()).abort();
  await newer.disconnect();
  await job.produceChunk();
  const exit = await run.exited;
  expect(exit, run.stderr()).toBe(1);
  expect(run.stderr()).toMatch(/fenced: a newer instance of this job initialised transactional id \S+; this instance is a zombie and stops/);
  expect(run.stderr()).not.toContain('job restarting');
  // The next instance fences the newer producer in turn and carries on from the last checkpoint.
  const rest = await runToEnd(env().kafka, job.dir, job.group, job.input);
  expect(rest).toContain('resuming from checkpoint');
  await expectFailureFreeOutput(job, run.stderr());
}

describe("ferris run with 'mode' = 'transactional' through a faulty network", () => {
  // Each wait for progress fails after 60 s with the job's log: the timeouts leave room for that.
  it('a stateless job keeps going or restarts through dropped connections, delayed responses, a black hole and responses cut short', () => networkFaults(stateless('f-net-stateless')), 180_000);
  it('a windowed GROUP BY keeps going or restarts through the same faults: every window once, with its exact count', () => networkFaults(windowed('f-net-windowed')), 180_000);
  it("a stateless job whose fetch connections stall (half-open) fails its consumer's liveness watch and restarts", () => stalledFetches(stateless('f-stall-stateless')), 180_000);
  it('a stateless job whose transaction the coordinator aborted (timeout) restarts from its checkpoint', () => coordinatorTimeout(stateless('f-timeout-stateless'), 'doubled'), 90_000);
  it('a windowed job whose transaction the coordinator aborted restarts and emits every window once', () => coordinatorTimeout(windowed('f-timeout-windowed'), 'per_second'), 90_000);
  it("a job with 'restart.strategy' = 'none' fails on the same abort instead, saying why", () => noRestart(stateless('f-none-stateless'), 'doubled'), 60_000);
  it('a stateless job fenced by a newer producer of its transactional id stops as a zombie', () => fencedZombie(stateless('f-fenced-stateless')), 90_000);
  it('a windowed job fenced by a newer producer stops; the next instance emits every window once', () => fencedZombie(windowed('f-fenced-windowed')), 90_000);
});
