import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BatchAttribute, BatchLayout } from '../../../lib/broker/records/batch.js';
import { registerKafkaCodecs } from '../../../lib/connectors/kafka/codecs/kafkaCodecs.js';
import { readRecordBatch, type FetchDecoder } from '../../../lib/connectors/kafka/fetchResponse/recordBatchReader.js';
import { encodeRecordBatch, type ProduceMessage } from '../../../lib/connectors/kafka/produceRequest/recordBatchWriter.js';
import { bytesOrText, generator } from './generatedRecordParts.js';

const require = createRequire(import.meta.url);

type KafkajsDecoder = FetchDecoder & { offset: number };
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => KafkajsDecoder;
/** kafkajs's own record batch decoder (this process never seeds ours). */
const kafkajsReadRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as typeof readRecordBatch;
const compression = require('kafkajs/src/protocol/message/compression/index.js') as { lookupCodec(codec: number): { compress(e: { buffer: Buffer }): Promise<Buffer> } };

function message(next: () => number): ProduceMessage {
  const pick = next();
  // Repeated keys become arrays; '__proto__' is a key an assignment would not make an own property of.
  const headers: ProduceMessage['headers'] = pick < 0.2 ? { trace: bytesOrText(next, false, 'few')!, multi: ['one', Buffer.from('two'), 'three'], 'é': '' } : pick < 0.25 ? { ['__proto__']: 'p', toString: 'c' } : undefined;
  return {
    key: next() < 0.5 ? bytesOrText(next, true, 'few') : undefined,
    value: bytesOrText(next, true, 'few'),
    // Apart by up to 700,000,000,000 ms: deltas past 2^31 take five-byte and longer varlongs.
    timestamp: String(1_000_000_000_000 + Math.floor(next() * 700_000_000_000)),
    ...(headers === undefined ? {} : { headers }),
  };
}

/** First offsets: small, 40 bits, the records crossing 2^53 (bigint arithmetic), and crossing 2^63 (kafkajs's Long, a bigint, does not wrap). */
const FIRST_OFFSETS = [0n, 12_345n, 2n ** 40n + 7n, 2n ** 53n - 50n, 2n ** 63n - 3n];

/** A record batch of generated messages, its first offset, timestamp and attributes set as a fetched batch may have them. */
async function batch(seed: number, codec: number): Promise<Buffer> {
  const next = generator(seed);
  const messages = Array.from({ length: 1 + Math.floor(next() * 120) }, () => message(next));
  const compress = codec === 0 ? undefined : (records: Buffer) => compression.lookupCodec(codec).compress({ buffer: records });
  const bytes = await encodeRecordBatch(messages, { producerId: BigInt(2 ** 40 + seed), producerEpoch: seed % 300, firstSequence: seed * 7, transactional: next() < 0.5, codec }, compress);
  bytes.writeBigInt64BE(FIRST_OFFSETS[seed % FIRST_OFFSETS.length]!, BatchLayout.BASE_OFFSET);
  const flags = next();
  // Log-append time (the batch's max timestamp for every record), a control batch, or neither.
  const attributes = bytes.readInt16BE(BatchLayout.ATTRIBUTES) | (flags < 0.2 ? BatchAttribute.LOG_APPEND_TIME : 0) | (flags > 0.85 ? BatchAttribute.CONTROL : 0);
  bytes.writeInt16BE(attributes, BatchLayout.ATTRIBUTES);
  // A first timestamp of -1 (none), or past 2^53, so that timestamps take the bigint arithmetic.
  if (next() < 0.15) bytes.writeBigInt64BE(next() < 0.5 ? -1n : 2n ** 53n + 11n, BatchLayout.BASE_TIMESTAMP);
  return bytes;
}

describe('readRecordBatch', () => {
  registerKafkaCodecs();

  it.each([
    ['uncompressed', 0],
    ['gzip', 1],
    ['snappy', 2],
    ['lz4', 3],
    ['zstd', 4],
  ])("reads what kafkajs's decoder reads from 40 generated batches, %s", async (_, codec) => {
    for (let seed = 1; seed <= 40; seed++) {
      const bytes = await batch(seed * 31 + codec, codec);
      // A batch inside a larger record set: both read from the decoder's position and move past the batch.
      const set = Buffer.concat([Buffer.from([9, 9, 9]), bytes, Buffer.from([1, 2])]);
      const [theirs, ours] = [new Decoder(set), new Decoder(set)];
      theirs.offset = ours.offset = 3;
      const expected = await kafkajsReadRecordBatch(theirs);
      const read = await readRecordBatch(ours);
      expect(read).toStrictEqual(expected);
      expect(Object.keys(read)).toEqual(Object.keys(expected));
      expect(Object.keys(read.records[0]!)).toEqual(Object.keys(expected.records[0]!));
      expect(ours.offset).toBe(theirs.offset);
    }
  });

  it('reads timestamp deltas past 2^48 (varlongs of eight bytes and more) as kafkajs does', async () => {
    const messages = ['0', String(2 ** 48 + 3), String(2 ** 52 + 7), '1'].map((timestamp, i) => ({ key: `k${i}`, value: `v${i}`, timestamp }));
    const bytes = await encodeRecordBatch(messages, { producerId: 1n, producerEpoch: 0, firstSequence: 0, transactional: false, codec: 0 });
    const read = await readRecordBatch(new Decoder(bytes));
    expect(read).toStrictEqual(await kafkajsReadRecordBatch(new Decoder(bytes)));
    expect(read.records.map((r) => r.timestamp)).toEqual(['0', '281474976710659', '4503599627370503', '1']);
  });

  it("throws kafkajs's partial-message error for a batch cut short by the fetch's size, after moving past it as kafkajs does", async () => {
    const bytes = (await batch(7, 0)).subarray(0, 80);
    const [theirs, ours] = [new Decoder(bytes), new Decoder(bytes)];
    const expected = await kafkajsReadRecordBatch(theirs).catch((error: Error) => error);
    const read = await readRecordBatch(ours).catch((error: Error) => error);
    expect(read).toBeInstanceOf(Error);
    expect((read as Error).name).toBe('KafkaJSPartialMessageError');
    expect((read as Error).message).toBe((expected as Error).message);
    expect(ours.offset).toBe(theirs.offset);
  });

  it("is the decoder kafkajs's Fetch decoding requires once installed before a fetch, and is not installed after", () => {
    const compiled = new URL('../../../dist/lib/connectors/kafka/fetchResponse/kafkajsRecordBatchDecoding.js', import.meta.url);
    expect(existsSync(compiled), 'run npm run build first').toBe(true);
    const reader = new URL('recordBatchReader.js', compiled);
    const script = `
      import { createRequire } from 'node:module';
      import { installKafkajsRecordBatchDecoding } from ${JSON.stringify(compiled.href)};
      import { readRecordBatch } from ${JSON.stringify(reader.href)};
      const require = createRequire(${JSON.stringify(compiled.href)});
      require('kafkajs');
      const before = installKafkajsRecordBatchDecoding();
      require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js');
      const used = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') === readRecordBatch;
      console.log(JSON.stringify({ before, used, again: installKafkajsRecordBatchDecoding() }));`;
    expect(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))).toEqual({ before: true, used: true, again: true });
    const late = script.replace("const before = installKafkajsRecordBatchDecoding();\n      require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js');", "require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js');\n      const before = installKafkajsRecordBatchDecoding();");
    expect(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', late], { encoding: 'utf8' }))).toEqual({ before: false, used: false, again: false });
  });
});
