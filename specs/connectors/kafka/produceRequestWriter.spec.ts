import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installKafkajsProduceEncoding, withOwnEncoding } from '../../../lib/connectors/kafka/produceRequest/kafkajsProduceEncoding.js';
import type { ProduceRequestArgs } from '../../../lib/connectors/kafka/produceRequest/produceRequestWriter.js';
import type { ProduceMessage } from '../../../lib/connectors/kafka/produceRequest/recordBatchWriter.js';
import { bytesOrText, generator } from './generatedRecordParts.js';

const require = createRequire(import.meta.url);

type Encodable = { encode(): Promise<{ buffer: Buffer }> };
type Built = (args: ProduceRequestArgs) => { request: Encodable };
/** kafkajs's own Produce v3 request (which v4 to v7 reuse), untouched by the install. */
const kafkajsRequest = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (args: ProduceRequestArgs) => Encodable;
const produceDefinition = require('kafkajs/src/protocol/requests/produce/index.js') as { protocol(v: { version: number }): Built };
const Long = require('kafkajs/src/utils/long.js') as { fromString(text: string): { toString(): string } };

function message(next: () => number, timestamps: 'all' | 'none'): ProduceMessage {
  const headers = next() < 0.3 ? { trace: bytesOrText(next, false, 'many')!, multi: ['one', Buffer.from('two')], 'é': '' } : undefined;
  return {
    key: next() < 0.5 ? bytesOrText(next, true, 'many') : undefined,
    value: bytesOrText(next, true, 'many'),
    // Thirteen digits apart by up to 700,000,000,000 ms: deltas past 2^31 take five-byte and longer varlongs.
    ...(timestamps === 'all' ? { timestamp: String(1_000_000_000_000 + Math.floor(next() * 700_000_000_000)) } : {}),
    ...(headers === undefined ? {} : { headers }),
  };
}

function request(seed: number, compression: number): ProduceRequestArgs {
  const next = generator(seed);
  const timestamps = next() < 0.5 ? 'all' : 'none';
  const transactional = next() < 0.5;
  return {
    acks: next() < 0.5 ? -1 : 1,
    timeout: 30_000,
    transactionalId: transactional ? `app-job-${seed}` : null,
    producerId: Long.fromString(String(2 ** 40 + seed)),
    producerEpoch: Math.floor(next() * 300),
    compression,
    topicData: Array.from({ length: 1 + Math.floor(next() * 3) }, (_, t) => ({
      topic: `topic-${t}-${'ü'.repeat(t)}`,
      partitions: Array.from({ length: 1 + Math.floor(next() * 4) }, (_, p) => ({
        partition: p * 3,
        firstSequence: Math.floor(next() * 100_000),
        messages: Array.from({ length: 1 + Math.floor(next() * 200) }, () => message(next, timestamps)),
      })),
    })),
  };
}

describe("the Produce request writer installed into kafkajs", () => {
  afterEach(() => vi.restoreAllMocks());

  it('is installed for the kafkajs release it reproduces', () => {
    expect(installKafkajsProduceEncoding()).toBe(true);
  });

  it.each([
    ['uncompressed', 0],
    ['gzip', 1],
  ])("writes kafkajs's bytes for 60 generated requests, %s", async (_, compression) => {
    installKafkajsProduceEncoding();
    vi.spyOn(Date, 'now').mockReturnValue(1_765_000_000_123);
    for (let seed = 1; seed <= 60; seed++) {
      const args = request(seed, compression);
      const theirs = (await kafkajsRequest(args).encode()).buffer;
      for (const topic of args.topicData) for (const partition of topic.partitions) withOwnEncoding({ topic: topic.topic, messages: [...partition.messages] });
      const ours = (await produceDefinition.protocol({ version: 7 })(args).request.encode()).buffer;
      expect(ours.equals(theirs), `seed ${seed}`).toBe(true);
    }
  });

  it("leaves the requests of other kafkajs producers (messages not marked as ours) to kafkajs's encoder", async () => {
    installKafkajsProduceEncoding();
    vi.spyOn(Date, 'now').mockReturnValue(1_765_000_000_123);
    const args = request(3, 0);
    const theirs = await produceDefinition.protocol({ version: 7 })(args).request.encode();
    expect(theirs.constructor.name).toBe('Encoder');
    withOwnEncoding({ topic: 't', messages: [...args.topicData[0]!.partitions[0]!.messages] });
    const ours = await produceDefinition.protocol({ version: 7 })(args).request.encode();
    expect(ours.constructor.name).toBe('Object');
    expect(ours.buffer.equals(theirs.buffer)).toBe(true);
  });

  it('refuses a timestamp that is not a whole number of milliseconds', async () => {
    installKafkajsProduceEncoding();
    const messages = [{ value: 'v', timestamp: 'noon' }];
    withOwnEncoding({ topic: 't', messages });
    const args: ProduceRequestArgs = { acks: -1, timeout: 1000, topicData: [{ topic: 't', partitions: [{ partition: 0, messages }] }] };
    await expect(produceDefinition.protocol({ version: 7 })(args).request.encode()).rejects.toThrow('kafka: message timestamp "noon" is not a whole number of milliseconds');
  });
});
