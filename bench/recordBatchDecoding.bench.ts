/**
 * A fetched record batch decoded by kafkajs 2.2.4's own record batch decoder and by ours
 * (lib/connectors/kafka/fetchResponse/recordBatchReader.ts), as kafkajs's Fetch decoding calls
 * them: one batch of 2,000 keyed records of ~90-byte JSON trades written by one send (so they
 * share their timestamp, as kafkajs's producer stamps them), first offset past 2^32. The two
 * results are checked deep-equal first. Run: `npm run build && node
 * dist/bench/recordBatchDecoding.bench.js [records]` (default 2,000 a batch). Not a test.
 */
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { readRecordBatch, type FetchDecoder } from '../lib/connectors/kafka/fetchResponse/recordBatchReader.js';
import { encodeRecordBatch } from '../lib/connectors/kafka/produceRequest/recordBatchWriter.js';
import { bestSecondsPerCall, rowCountArgument } from './harness.js';
import { recordResult } from './results.js';

const require = createRequire(import.meta.url);
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => FetchDecoder;
const kafkajsReadRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as typeof readRecordBatch;

const RECORDS = rowCountArgument(2000);
const ROUNDS = 300;
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META'];

async function batch(): Promise<Buffer> {
  const now = 1_765_000_000_000;
  const messages = Array.from({ length: RECORDS }, (_, i) => ({
    key: String(i),
    value: JSON.stringify({ trade_id: i, symbol: SYMBOLS[i % SYMBOLS.length], price: (100 + (i % 997) / 100).toFixed(2), quantity: 10 + (i % 50), trade_time: now + i }),
    timestamp: String(now),
  }));
  const bytes = await encodeRecordBatch(messages, { producerId: 7n, producerEpoch: 0, firstSequence: 0, transactional: false, codec: 0 });
  bytes.writeBigInt64BE(5_000_000_000n, 0);
  return bytes;
}

async function main(): Promise<void> {
  const bytes = await batch();
  const ours = (): Promise<unknown> => readRecordBatch(new Decoder(bytes));
  const theirs = (): Promise<unknown> => kafkajsReadRecordBatch(new Decoder(bytes));
  if (!isDeepStrictEqual(await ours(), await theirs())) throw new Error('the two decoded batches differ');
  const kafkajsSeconds = await bestSecondsPerCall(theirs, ROUNDS);
  const oursSeconds = await bestSecondsPerCall(ours, ROUNDS);
  const perRecord = (seconds: number): string => `${((seconds / RECORDS) * 1e6).toFixed(2)} µs a record`;
  console.log(`record batch of ${RECORDS} records: kafkajs ${perRecord(kafkajsSeconds)}, ours ${perRecord(oursSeconds)} (${(kafkajsSeconds / oursSeconds).toFixed(1)}x)`);
  recordResult({
    kind: 'measured',
    table: `Kafka record batch decoding, ${RECORDS.toLocaleString('en-US')} keyed records of one send a batch`,
    caseName: 'our record batch reader',
    rows: RECORDS * ROUNDS,
    oursSeconds: oursSeconds * ROUNDS,
    peerName: "kafkajs 2.2.4's record batch decoder",
    peerSeconds: kafkajsSeconds * ROUNDS,
    check: 'both batches deep-equal',
  });
}

await main();
