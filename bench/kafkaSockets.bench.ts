/**
 * What the connectors' whole-response sockets (`wholeResponseSockets`, which hold the start of a
 * Kafka response back until its last byte arrived, so that a reset mid-response cannot leave
 * kafkajs misreading its connection) cost a consumer, against kafkajs's own sockets: a kafkajs
 * consumer group reads the same topic of ~120-byte JSON trades to its end with each, rounds
 * alternating which goes first; the time and this process's CPU per record are printed per round, and the
 * median of the per-round ratios is recorded. Run: `npm run build && node
 * dist/bench/kafkaSockets.bench.js [records] [rounds]` (defaults 200,000 and 4). Not a test.
 */
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs';
import { wholeResponseSockets } from '../lib/connectors/kafka/wholeResponseSocket.js';
import { withBenchBroker } from './brokerProcess.js';
import { rowCountArgument } from './harness.js';
import { recordResult } from './results.js';

const RECORDS = rowCountArgument(200_000);
const ROUNDS = Number(process.argv[3] ?? 4);
const TOPIC = 'socket-trades';

/** One read of the topic to its end: seconds, and CPU microseconds per record. */
interface Read {
  readonly seconds: number;
  readonly cpuPerRecordUs: number;
}

async function readAll(address: string, group: string, socketFactory: ISocketFactory | undefined): Promise<Read> {
  const client = new Kafka({ brokers: [address], clientId: 'bench', logLevel: logLevel.NOTHING, ...(socketFactory && { socketFactory }) });
  const consumer = client.consumer({ groupId: group });
  let seen = 0;
  let allRead: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allRead = resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= RECORDS) allRead();
    },
  });
  await done;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await consumer.disconnect();
  return { seconds, cpuPerRecordUs: (used.user + used.system) / RECORDS };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await withBenchBroker(4, async ({ address, kafka, admin }) => {
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < RECORDS; start += 2000) {
    const messages = Array.from({ length: Math.min(2000, RECORDS - start) }, (_, j) => {
      const i = start + j;
      return { key: String(i), value: JSON.stringify({ trade_id: i, symbol: 'AAPL', price: (100 + (i % 997) / 100).toFixed(2), quantity: 10 + (i % 50), trade_time: 1_700_000_000_000 + i }) };
    });
    await producer.send({ topic: TOPIC, messages });
  }
  await producer.disconnect();
  const ours: Read[] = [];
  const peer: Read[] = [];
  // Which goes first alternates: the second read of a round meets a broker and a process that did more.
  for (let round = 0; round < ROUNDS; round++) {
    const readPeer = async (): Promise<void> => void peer.push(await readAll(address, `kafkajs-${round}`, undefined));
    const readOurs = async (): Promise<void> => void ours.push(await readAll(address, `whole-${round}`, wholeResponseSockets));
    for (const read of round % 2 === 0 ? [readPeer, readOurs] : [readOurs, readPeer]) await read();
  }
  const show = (reads: readonly Read[]): string => reads.map((r) => `${Math.round(RECORDS / r.seconds / 1000)} K/s, ${r.cpuPerRecordUs.toFixed(2)} µs CPU/record`).join(' | ');
  console.log(`kafkajs sockets:        ${show(peer)}`);
  console.log(`whole-response sockets: ${show(ours)}`);
  const ratios = ours.map((read, i) => read.seconds / peer[i]!.seconds);
  console.log(`time ratio whole ÷ kafkajs per round: ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}); CPU per record median ${median(ours.map((r) => r.cpuPerRecordUs)).toFixed(2)} vs ${median(peer.map((r) => r.cpuPerRecordUs)).toFixed(2)} µs`);
  recordResult({
    kind: 'measured',
    table: 'Kafka consumer sockets',
    caseName: 'read a topic to its end, whole-response sockets',
    rows: RECORDS,
    oursSeconds: Math.min(...ours.map((r) => r.seconds)),
    peerName: "kafkajs's own sockets",
    peerSeconds: Math.min(...peer.map((r) => r.seconds)),
    check: `${RECORDS.toLocaleString('en-US')} records read by each`,
    pairedRatio: { median: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios), rounds: ROUNDS },
  });
});
