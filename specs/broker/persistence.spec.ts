import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../../lib/broker/broker.js';
import type { JournalEvent } from '../../lib/broker/storage/journalEvents.js';
import { consumeAll, kafkaFor, waitFor } from './helpers.js';

const MAIN = fileURLToPath(new URL('../../dist/lib/broker/main.js', import.meta.url));

interface ChildBroker {
  readonly process: ChildProcess;
  readonly address: string;
}

/** Resolves with the broker's address once `child` (or its own child) logs "listening on" on stderr. */
function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`broker did not start: ${stderr}`)), 10_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /listening on (\S+:\d+)/.exec(stderr);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`broker exited with ${code}: ${stderr}`)));
  });
}

const BROKER_ARGS = ['--port', '0', '--group-min-session-timeout-ms', '500'];

/**
 * Starts `node dist/lib/broker/main.js` on a free port and waits for its "listening" line;
 * with `fileLimit` it runs under `ulimit -n fileLimit`.
 */
async function spawnBroker(dataDir: string, fileLimit?: number): Promise<ChildBroker> {
  const argv = [process.execPath, MAIN, ...BROKER_ARGS, '--data-dir', dataDir];
  const child = fileLimit === undefined
    ? spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn('bash', ['-c', `ulimit -n ${fileLimit} && exec "$0" "$@"`, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { process: child, address: await listening(child) };
}

/**
 * Starts the broker under a shell that then becomes `sleep` and never reaps it, so once killed
 * the broker stays a zombie until the sleep ends: the state a restarting supervisor can meet.
 */
async function spawnUnreapedBroker(dataDir: string): Promise<{ readonly parent: ChildProcess; readonly pid: number }> {
  const script = `"$0" "$@" & echo $! ; exec sleep 30`;
  const parent = spawn('sh', ['-c', script, process.execPath, MAIN, ...BROKER_ARGS, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = new Promise<number>((resolve) => parent.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  await listening(parent);
  return { parent, pid: await pid };
}

function killHard(broker: ChildBroker): Promise<void> {
  return new Promise((resolve) => {
    broker.process.once('exit', () => resolve());
    broker.process.kill('SIGKILL');
  });
}

function client(address: string): Kafka {
  return new Kafka({ brokers: [address], clientId: 'persistence', logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 } });
}

describe('broker persistence with --data-dir across kill -9', () => {
  let dataDir: string;
  let running: ChildBroker | undefined;

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first (npm test does)`);
    dataDir = mkdtempSync(join(tmpdir(), 'ferris-broker-'));
  });

  afterAll(async () => {
    if (running !== undefined && running.process.exitCode === null) await killHard(running);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged record, committed offset or transaction outcome', async () => {
    running = await spawnBroker(dataDir);
    let kafka = client(running.address);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'durable', numPartitions: 2 }, { topic: 'durable-txn' }] });
    const producer = kafka.producer();
    await producer.connect();
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) {
      const messages = Array.from({ length: 5 }, (_, j) => ({ key: `k${(i * 5 + j) % 7}`, value: `v${i * 5 + j}` }));
      sent.push(...messages.map((m) => m.value));
      await producer.send({ topic: 'durable', acks: -1, compression: i % 2 === 0 ? CompressionTypes.GZIP : CompressionTypes.None, messages });
    }
    await producer.disconnect();
    await admin.setOffsets({ groupId: 'durable-group', topic: 'durable', partitions: [{ partition: 0, offset: '11' }, { partition: 1, offset: '5' }] });
    const txProducer = kafka.producer({ transactionalId: 'durable-txn', idempotent: true, maxInFlightRequests: 1 });
    await txProducer.connect();
    const committed = await txProducer.transaction();
    await committed.send({ topic: 'durable-txn', messages: [{ value: 'committed' }] });
    await committed.commit();
    const aborted = await txProducer.transaction();
    await aborted.send({ topic: 'durable-txn', messages: [{ value: 'aborted' }] });
    await aborted.abort();
    const offsetsBefore = await admin.fetchTopicOffsets('durable');
    await admin.disconnect();

    await killHard(running);
    appendFileSync(join(dataDir, 'logs', 'durable', '0.log'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 1]));

    running = await spawnBroker(dataDir);
    kafka = client(running.address);
    const admin2 = kafka.admin();
    await admin2.connect();
    expect(await admin2.fetchTopicOffsets('durable')).toEqual(offsetsBefore);
    const fetched = await admin2.fetchOffsets({ groupId: 'durable-group', topics: ['durable'] });
    expect(fetched[0]?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([[0, '11'], [1, '5']]);
    const all = await consumeAll(kafka, 'durable', sent.length);
    expect(all.map((r) => r.value).sort()).toEqual([...sent].sort());
    expect((await consumeAll(kafka, 'durable-txn', 1)).map((r) => r.value)).toEqual(['committed']);

    const producer2 = kafka.producer();
    await producer2.connect();
    const [appended] = await producer2.send({ topic: 'durable', acks: -1, messages: [{ value: 'after restart', partition: 0 }] });
    expect(appended?.baseOffset).toBe(offsetsBefore.find((o) => o.partition === 0)?.high);
    await producer2.disconnect();
    await admin2.disconnect();
  }, 60_000);

  it('refuses a data dir another live broker holds', async () => {
    if (running === undefined || running.process.exitCode !== null) running = await spawnBroker(dataDir);
    await expect(startBroker({ port: 0, dataDir, log: () => {} })).rejects.toThrow(/in use by process/);
  });

  it('keeps a transaction that was open at the crash pending until its timeout aborts it', async () => {
    if (running !== undefined && running.process.exitCode === null) await killHard(running);
    running = await spawnBroker(dataDir);
    const kafka = client(running.address);
    const producer = kafka.producer({ transactionalId: 'crash-open', idempotent: true, maxInFlightRequests: 1, transactionTimeout: 1500 });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'durable-open', messages: [{ value: 'in flight at crash' }] });
    await killHard(running);

    running = await spawnBroker(dataDir);
    const kafka2 = client(running.address);
    const admin = kafka2.admin();
    await admin.connect();
    const [pending] = await admin.fetchTopicOffsets('durable-open');
    expect(pending?.offset).toBe('0');
    const [released] = await waitFor('the timeout abort after restart', async () => {
      const offsets = await admin.fetchTopicOffsets('durable-open');
      return offsets[0]?.offset === '2' ? offsets : undefined;
    }, 10_000);
    expect(released?.high).toBe('2');
    await admin.disconnect();
  }, 60_000);

  it('completes a commit that a crash interrupted between the journal and the markers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-broker-ending-'));
    try {
      const first = await startBroker({ port: 0, dataDir: dir, log: () => {} });
      const kafka = kafkaFor(first);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'ending', numPartitions: 2 }] });
      await admin.disconnect();
      const producer = kafka.producer({ transactionalId: 'ending', idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const txn = await producer.transaction();
      await txn.send({ topic: 'ending', messages: [{ value: 'p0', partition: 0 }, { value: 'p1', partition: 1 }] });
      await producer.disconnect();
      await first.close();
      const journal = join(dir, 'state.jsonl');
      const events = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEvent);
      const last = events.filter((e) => e.e === 'txn').at(-1);
      if (last?.e !== 'txn') throw new Error('no transaction in the journal');
      appendFileSync(journal, `${JSON.stringify({ e: 'txn', txn: { ...last.txn, ending: 'commit' } })}\n`);

      const second = await startBroker({ port: 0, dataDir: dir, log: () => {} });
      const seen = await consumeAll(kafkaFor(second), 'ending', 2);
      expect(seen.map((r) => r.value).sort()).toEqual(['p0', 'p1']);
      expect(second.state.topics.partition('ending', 0)?.lastStableOffset).toBe(2);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never aborts a transaction after a restart once it committed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-broker-replay-'));
    try {
      const first = await startBroker({ port: 0, dataDir: dir, log: () => {} });
      const producer = kafkaFor(first).producer({ transactionalId: 'replayed', idempotent: true, maxInFlightRequests: 1, transactionTimeout: 200 });
      await producer.connect();
      for (const value of ['one', 'two']) {
        const txn = await producer.transaction();
        await txn.send({ topic: 'replayed', messages: [{ value }] });
        await txn.commit();
      }
      await producer.disconnect();
      await first.close();

      const second = await startBroker({ port: 0, dataDir: dir, log: () => {} });
      await new Promise((resolve) => setTimeout(resolve, 600));
      const log = second.state.topics.partition('replayed', 0);
      expect([log?.highWatermark, log?.lastStableOffset, log?.abortedBetween(0, 100)]).toEqual([4, 4, []]);
      const successor = kafkaFor(second).producer({ transactionalId: 'replayed', idempotent: true, maxInFlightRequests: 1, transactionTimeout: 5000 });
      await successor.connect();
      const txn = await successor.transaction();
      await txn.send({ topic: 'replayed', messages: [{ value: 'three' }] });
      await txn.commit();
      await successor.disconnect();
      expect((await consumeAll(kafkaFor(second), 'replayed', 3)).map((r) => r.value)).toEqual(['one', 'two', 'three']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over the data dir of a broker killed with -9 that is still a zombie', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-broker-zombie-'));
    const { parent, pid } = await spawnUnreapedBroker(dir);
    try {
      process.kill(pid, 'SIGKILL');
      await waitFor('the killed broker to become a zombie', () => (/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) ? true : undefined), 5000);
      const restarted = await startBroker({ port: 0, dataDir: dir, log: () => {} });
      expect(readFileSync(join(dir, 'broker.pid'), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+$`));
      await restarted.close();
    } finally {
      parent.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves 3 000 partitions under ulimit -n 1024 and restarts on them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-broker-wide-'));
    let wide: ChildBroker | undefined;
    try {
      wide = await spawnBroker(dir, 1024);
      const kafka = client(wide.address);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'wide', numPartitions: 3000 }] });
      await admin.disconnect();
      const producer = kafka.producer();
      await producer.connect();
      const values = Array.from({ length: 3000 }, (_, i) => `p${i}`);
      await producer.send({ topic: 'wide', acks: -1, messages: values.map((value, partition) => ({ partition, value })) });
      await producer.disconnect();
      await killHard(wide);

      wide = await spawnBroker(dir, 1024);
      const seen = await consumeAll(client(wide.address), 'wide', values.length);
      expect(seen.map((r) => `${r.value}@${r.partition}`).sort()).toEqual(values.map((v, i) => `${v}@${i}`).sort());
    } finally {
      if (wide !== undefined && wide.process.exitCode === null) await killHard(wide);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
