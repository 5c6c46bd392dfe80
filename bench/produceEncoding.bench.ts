/**
 * The Produce request of a Kafka sink's send, encoded by kafkajs 2.2.4's own request (Produce
 * v3, which kafkajs's v4 to v7 reuse) and by ours (lib/connectors/kafka/produceRequest), from
 * the same arguments: 2,000 keyed messages of ~90-byte JSON trades with timestamps, on one
 * partition, as kafkajs's producer hands them to its request. The two outputs are checked
 * byte-equal first. Run: `npm run build && node dist/bench/produceEncoding.bench.js
 * [messages]` (default 2,000 a request). Not a test.
 */
import { createRequire } from 'node:module';
import { encodeProduceRequest, type ProduceRequestArgs } from '../lib/connectors/kafka/produceRequest/produceRequestWriter.js';
import { bestSecondsPerCall, rowCountArgument } from './harness.js';
import { recordResult } from './results.js';

const require = createRequire(import.meta.url);
const kafkajsRequest = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (args: ProduceRequestArgs) => { encode(): Promise<{ buffer: Buffer }> };

const MESSAGES = rowCountArgument(2000);
const ROUNDS = 300;
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META'];

function request(): ProduceRequestArgs {
  const now = 1_765_000_000_000;
  const messages = Array.from({ length: MESSAGES }, (_, i) => ({
    key: Buffer.from(String(i)),
    value: Buffer.from(JSON.stringify({ trade_id: i, symbol: SYMBOLS[i % SYMBOLS.length], price: (100 + (i % 997) / 100).toFixed(2), quantity: 10 + (i % 50), trade_time: now + i })),
    timestamp: String(now + i),
  }));
  return { acks: -1, timeout: 30_000, transactionalId: null, producerId: -1, producerEpoch: 0, topicData: [{ topic: 'out', partitions: [{ partition: 0, firstSequence: 0, messages }] }] };
}

async function main(): Promise<void> {
  const args = request();
  const noCodec = (): Promise<Buffer> => Promise.reject(new Error('uncompressed: no codec'));
  const ours = (): Promise<Buffer> => encodeProduceRequest(args, noCodec);
  const theirs = async (): Promise<Buffer> => (await kafkajsRequest(args).encode()).buffer;
  if (!(await ours()).equals(await theirs())) throw new Error('the two Produce requests differ');
  const kafkajsSeconds = await bestSecondsPerCall(theirs, ROUNDS);
  const oursSeconds = await bestSecondsPerCall(ours, ROUNDS);
  const perMessage = (seconds: number): string => `${((seconds / MESSAGES) * 1e6).toFixed(2)} µs a message`;
  console.log(`Produce request of ${MESSAGES} messages: kafkajs ${perMessage(kafkajsSeconds)}, ours ${perMessage(oursSeconds)} (${(kafkajsSeconds / oursSeconds).toFixed(1)}x)`);
  recordResult({
    kind: 'measured',
    table: `Kafka Produce request encoding, ${MESSAGES.toLocaleString('en-US')} keyed messages with timestamps a request`,
    caseName: 'our record batch writer',
    rows: MESSAGES * ROUNDS,
    oursSeconds: oursSeconds * ROUNDS,
    peerName: "kafkajs 2.2.4's Produce v3 request",
    peerSeconds: kafkajsSeconds * ROUNDS,
    check: 'both requests byte-equal',
  });
}

await main();
