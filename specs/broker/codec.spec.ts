import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Fetch, Produce } from '../../lib/broker/protocol/messages/data.js';
import { Metadata } from '../../lib/broker/protocol/messages/cluster.js';
import { JoinGroup } from '../../lib/broker/protocol/messages/groups.js';
import { Reader } from '../../lib/broker/protocol/reader.js';
import { Writer } from '../../lib/broker/protocol/writer.js';
import type { ApiSchema } from '../../lib/broker/protocol/api.js';
import { crc32c } from '../../lib/broker/records/crc32c.js';
import { ALL_APIS } from '../../lib/broker/protocol/messages/index.js';
import { ROUTES } from '../../lib/broker/handlers/index.js';
import { batchCrcMatches, buildControlBatch, readBatchHeader, BatchAttribute } from '../../lib/broker/records/batch.js';

/** kafkajs's own protocol encoders and decoders are the oracle (loaded untyped, used through these shapes). */
const require = createRequire(import.meta.url);
interface KafkajsEncoded { readonly buffer: Buffer }
interface KafkajsRequest { encode(): Promise<KafkajsEncoded> }
interface KafkajsProtocol {
  readonly request: KafkajsRequest;
  readonly response: { decode(raw: Buffer): Promise<unknown>; parse(decoded: unknown): Promise<unknown> };
}
type KafkajsApi = { protocol(args: { version: number }): (params: Record<string, unknown>) => KafkajsProtocol };
const kafkajsApi = (name: string): KafkajsApi => require(`kafkajs/src/protocol/requests/${name}/index.js`) as KafkajsApi;
const kafkajsLong = require('kafkajs/src/utils/long.js') as { fromNumber(n: number): unknown };
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;

async function kafkajsRequest(name: string, version: number, params: Record<string, unknown>): Promise<{ body: Buffer; response: KafkajsProtocol['response'] }> {
  const protocol = kafkajsApi(name).protocol({ version })(params);
  return { body: (await protocol.request.encode()).buffer, response: protocol.response };
}

function decode<Q>(schema: ApiSchema<Q, unknown>, version: number, body: Buffer): Q {
  const r = new Reader(body);
  const value = schema.request.read(r, version, false);
  expect(r.remaining).toBe(0);
  return value;
}

function encode<R>(schema: ApiSchema<unknown, R>, version: number, response: R): Buffer {
  const w = new Writer();
  schema.response.write(w, response, version, false);
  return Buffer.concat(w.finish());
}

describe('broker wire primitives', () => {
  it('computes CRC-32C like the reference vector and like kafkajs', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    for (let n = 0; n < 40; n++) {
      const data = randomBytes(n * 37);
      expect(crc32c(data)).toBe(kafkajsCrc32c(data));
    }
  });

  it('round-trips int64 and unsigned varints at their edges', () => {
    const values = [0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53) + 1, 4294967296, -4294967296];
    const w = new Writer();
    for (const v of values) w.int64(v);
    for (const v of [0, 127, 128, 16383, 16384, 2 ** 31]) w.uvarint(v);
    const r = new Reader(Buffer.concat(w.finish()));
    expect(values.map(() => r.int64())).toEqual(values);
    expect([0, 1, 2, 3, 4, 5].map(() => r.uvarint())).toEqual([0, 127, 128, 16383, 16384, 2 ** 31]);
  });

  it('builds control batches kafkajs recognises as transaction markers, with a valid CRC', async () => {
    const batch = buildControlBatch(42, 7, 3, 'abort', 1_700_000_000_000);
    const header = readBatchHeader(batch);
    expect(batchCrcMatches(batch, 0, header)).toBe(true);
    expect(header.attributes & (BatchAttribute.CONTROL | BatchAttribute.TRANSACTIONAL)).toBe(0x30);
    const response = encode(Fetch, 4, {
      topics: [{ topic: 't', partitions: [{ partition: 0, highWatermark: 43, lastStableOffset: 43, abortedTransactions: [{ producerId: 7, firstOffset: 40 }], records: [batch] }] }],
    });
    const { response: decoder } = await kafkajsRequest('fetch', 4, { maxWaitTime: 0, minBytes: 0, maxBytes: 1, topics: [] });
    const decoded = (await decoder.decode(response)) as { responses: { partitions: { abortedTransactions: unknown[]; messages: { offset: string; isControlRecord: boolean; key: Buffer }[] }[] }[] };
    const partition = decoded.responses[0]?.partitions[0];
    expect(partition?.abortedTransactions).toEqual([{ producerId: '7', firstOffset: '40' }]);
    expect(partition?.messages.map((m) => [m.offset, m.isControlRecord, m.key.toString('hex')])).toEqual([['42', true, '00000000']]);
  });
});

describe('broker codec against kafkajs encoders and decoders', () => {
  it('serves every advertised API and advertises every served one', () => {
    expect([...ROUTES.keys()].sort((a, b) => a - b)).toEqual(ALL_APIS.map((a) => a.key).sort((a, b) => a - b));
  });

  it.each([3, 4, 5, 6, 7])('decodes a kafkajs Produce v%i with a record batch whose CRC checks', async (version) => {
    const { body } = await kafkajsRequest('produce', version, {
      acks: -1, timeout: 1000, transactionalId: 'tx', producerId: kafkajsLong.fromNumber(5), producerEpoch: 2,
      topicData: [{ topic: 'orders', partitions: [{ partition: 3, firstSequence: 0, messages: [{ key: 'k', value: 'v', headers: { h: '1' }, timestamp: 1 }] }] }],
    });
    const req = decode(Produce, version, body);
    expect([req.acks, req.transactionalId]).toEqual([-1, 'tx']);
    expect(req.topics[0]?.name).toBe('orders');
    const partition = req.topics[0]?.partitions[0];
    expect(partition?.index).toBe(3);
    const records = partition?.records ?? Buffer.alloc(0);
    const header = readBatchHeader(records);
    expect(header.size).toBe(records.length);
    expect(header.recordCount).toBe(1);
    expect(batchCrcMatches(records, 0, header)).toBe(true);
    expect([header.producerId, header.producerEpoch, header.baseSequence]).toEqual([5, 2, 0]);
  });

  it.each([4, 5, 6, 7, 8, 9, 10, 11])('decodes a kafkajs Fetch v%i request and kafkajs decodes our response', async (version) => {
    const { body, response } = await kafkajsRequest('fetch', version, {
      maxWaitTime: 250, minBytes: 1, maxBytes: 1000, isolationLevel: 1, rackId: '',
      topics: [{ topic: 'prices', partitions: [{ partition: 1, fetchOffset: '17', maxBytes: 500 }] }],
    });
    const req = decode(Fetch, version, body);
    expect([req.maxWaitMs, req.minBytes, req.maxBytes, req.isolationLevel]).toEqual([250, 1, 1000, 1]);
    expect(req.topics).toEqual([{ topic: 'prices', partitions: [expect.objectContaining({ partition: 1, fetchOffset: 17, partitionMaxBytes: 500 })] }]);
    const ours = encode(Fetch, version, {
      topics: [{ topic: 'prices', partitions: [{ partition: 1, highWatermark: 20, lastStableOffset: 18, logStartOffset: 0, abortedTransactions: [], records: [] }] }],
    });
    const decoded = (await response.decode(ours)) as { responses: { topicName: string; partitions: { partition: number; highWatermark: string; lastStableOffset: string }[] }[] };
    expect(decoded.responses[0]?.topicName).toBe('prices');
    expect(decoded.responses[0]?.partitions[0]).toMatchObject({ partition: 1, highWatermark: '20', lastStableOffset: '18' });
  });

  it.each([0, 1, 2, 3, 4, 5, 6])('decodes a kafkajs Metadata v%i request and kafkajs decodes our response', async (version) => {
    const { body, response } = await kafkajsRequest('metadata', version, { topics: ['a', 'b'], allowAutoTopicCreation: true });
    expect(decode(Metadata, version, body).topics?.map((t) => t.name)).toEqual(['a', 'b']);
    const ours = encode(Metadata, version, {
      brokers: [{ nodeId: 1, host: 'h', port: 9, rack: null }], clusterId: 'c', controllerId: 1,
      topics: [{ errorCode: 0, name: 'a', partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1] }] }],
    });
    const decoded = (await response.decode(ours)) as { brokers: { nodeId: number; host: string; port: number }[]; topicMetadata: { topic: string; partitionMetadata: { leader: number }[] }[] };
    expect(decoded.brokers[0]).toMatchObject({ nodeId: 1, host: 'h', port: 9 });
    expect(decoded.topicMetadata[0]?.topic).toBe('a');
    expect(decoded.topicMetadata[0]?.partitionMetadata[0]?.leader).toBe(1);
  });

  it.each([0, 1, 2, 3, 4, 5])('decodes a kafkajs JoinGroup v%i request and kafkajs decodes our response', async (version) => {
    const { body, response } = await kafkajsRequest('joinGroup', version, {
      groupId: 'g', sessionTimeout: 6000, rebalanceTimeout: 9000, memberId: '', groupInstanceId: null, protocolType: 'consumer',
      groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([1, 2]) }],
    });
    const req = decode(JoinGroup, version, body);
    expect([req.groupId, req.sessionTimeoutMs, req.protocolType]).toEqual(['g', 6000, 'consumer']);
    expect(req.rebalanceTimeoutMs).toBe(version >= 1 ? 9000 : -1);
    expect(req.protocols.map((p) => [p.name, [...p.metadata]])).toEqual([['RoundRobinAssigner', [1, 2]]]);
    const ours = encode(JoinGroup, version, { errorCode: 0, generationId: 3, protocolName: 'RoundRobinAssigner', leader: 'm1', memberId: 'm1', members: [{ memberId: 'm1', groupInstanceId: null, metadata: Buffer.from([9]) }] });
    const decoded = (await response.decode(ours)) as { generationId: number; leaderId: string; memberId: string; members: { memberId: string }[] };
    expect(decoded).toMatchObject({ generationId: 3, leaderId: 'm1', memberId: 'm1' });
    expect(decoded.members.map((m) => m.memberId)).toEqual(['m1']);
  });
});
