import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { ApiVersions, CreateTopics, Metadata } from '../../lib/broker/protocol/messages/cluster.js';
import { Fetch, Produce } from '../../lib/broker/protocol/messages/data.js';
import { Heartbeat, JoinGroup } from '../../lib/broker/protocol/messages/groups.js';
import { BatchLayout, batchCrcMatches, readBatchHeader } from '../../lib/broker/records/batch.js';
import { crc32c } from '../../lib/broker/records/crc32c.js';
import { RawClient, readBody } from './rawClient.js';
import { testBroker, waitFor } from './helpers.js';

type ApiVersionsBody = { errorCode: number; apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[] };
type ProduceBody = { topics: { partitions: { errorCode: number; baseOffset: number }[] }[] };
type FetchBody = { topics: { partitions: { errorCode: number; highWatermark: number; records: Buffer | null }[] }[] };

/** A one-record, uncompressed, non-idempotent record batch v2 with a correct CRC. */
function recordBatch(value: Buffer): Buffer {
  const record = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from([value.length << 1]), value, Buffer.from([0])]);
  const body = Buffer.concat([Buffer.from([record.length << 1]), record]);
  const batch = Buffer.alloc(BatchLayout.HEADER_SIZE + body.length);
  batch.writeInt32BE(batch.length - BatchLayout.LOG_OVERHEAD, BatchLayout.LENGTH);
  batch.writeInt8(2, BatchLayout.MAGIC);
  batch.writeBigInt64BE(-1n, BatchLayout.PRODUCER_ID);
  batch.writeInt16BE(-1, BatchLayout.PRODUCER_EPOCH);
  batch.writeInt32BE(-1, BatchLayout.BASE_SEQUENCE);
  batch.writeInt32BE(1, BatchLayout.RECORD_COUNT);
  body.copy(batch, BatchLayout.HEADER_SIZE);
  batch.writeUInt32BE(crc32c(batch, BatchLayout.ATTRIBUTES), BatchLayout.CRC);
  return batch;
}

function produceFrame(correlationId: number, topic: string, records: Buffer, acks = 1): Buffer {
  return RawClient.frame(Produce, 7, correlationId, { transactionalId: null, acks, timeoutMs: 1000, topics: [{ name: topic, partitions: [{ index: 0, records: [records] }] }] });
}

describe('broker protocol handling (raw sockets)', () => {
  let broker: RunningBroker;
  let client: RawClient;

  beforeAll(async () => {
    broker = await testBroker({ maxVersions: { [Fetch.key]: 9 } });
    client = await RawClient.open(broker.port);
    client.send(RawClient.frame(CreateTopics, 3, 0, { topics: [{ name: 'raw', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 }));
    await client.next();
  });

  afterAll(async () => {
    client.close();
    await broker.close();
  });

  it('answers pipelined requests in request order', async () => {
    client.send(Buffer.concat([
      RawClient.frame(Metadata, 0, 11, { topics: [] }),
      RawClient.frame(ApiVersions, 2, 12, {}),
      RawClient.frame(Metadata, 6, 13, { topics: null }),
    ]));
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await client.next())?.int32());
    expect(ids).toEqual([11, 12, 13]);
  });

  it('advertises version ranges, capped by maxVersions', async () => {
    client.send(RawClient.frame(ApiVersions, 2, 20, {}));
    const r = await client.next();
    expect(r?.int32()).toBe(20);
    const body = readBody<ApiVersionsBody>(ApiVersions, 2, r as NonNullable<typeof r>);
    expect(body.errorCode).toBe(0);
    expect(body.apiKeys.find((k) => k.apiKey === Produce.key)).toEqual({ apiKey: 0, minVersion: 3, maxVersion: 7 });
    expect(body.apiKeys.find((k) => k.apiKey === Fetch.key)).toEqual({ apiKey: 1, minVersion: 4, maxVersion: 9 });
  });

  it('answers ApiVersions v3 (flexible) and a too-new ApiVersions the KIP-511 way', async () => {
    client.send(RawClient.frame(ApiVersions, 3, 30, { clientSoftwareName: 'spec', clientSoftwareVersion: '1' }, true));
    const v3 = await client.next();
    expect(v3?.int32()).toBe(30);
    expect(readBody<ApiVersionsBody>(ApiVersions, 3, v3 as NonNullable<typeof v3>, true).apiKeys.length).toBeGreaterThan(20);
    const frame = RawClient.frame(ApiVersions, 3, 32, { clientSoftwareName: 'spec', clientSoftwareVersion: '1' }, true);
    frame.writeInt16BE(4, 6);
    client.send(frame);
    const v4 = await client.next();
    expect(v4?.int32()).toBe(32);
    expect(readBody<ApiVersionsBody>(ApiVersions, 0, v4 as NonNullable<typeof v4>)).toMatchObject({ errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] });
  });

  it('answers an unknown API key and an unsupported version with UNSUPPORTED_VERSION', async () => {
    const unknown = RawClient.frame(Metadata, 0, 40, { topics: [] });
    unknown.writeInt16BE(999, 4);
    const tooOld = RawClient.frame(Produce, 7, 41, { transactionalId: null, acks: 1, timeoutMs: 1, topics: [] });
    tooOld.writeInt16BE(2, 6);
    client.send(Buffer.concat([unknown, tooOld]));
    for (const id of [40, 41]) {
      const r = await client.next();
      expect([r?.int32(), r?.int16()]).toEqual([id, 35]);
    }
  });

  it('stores a batch byte for byte apart from base offset and leader epoch, and sends nothing for acks=0', async () => {
    const batch = recordBatch(Buffer.from('first'));
    client.send(Buffer.concat([produceFrame(50, 'raw', batch, 0), produceFrame(51, 'raw', recordBatch(Buffer.from('second')))]));
    const r = await client.next();
    expect(r?.int32()).toBe(51);
    expect(readBody<ProduceBody>(Produce, 7, r as NonNullable<typeof r>).topics[0]?.partitions[0]).toMatchObject({ errorCode: 0, baseOffset: 1 });
    client.send(RawClient.frame(Fetch, 9, 52, { maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, topics: [{ topic: 'raw', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }] }));
    const f = await client.next();
    expect(f?.int32()).toBe(52);
    const partition = readBody<FetchBody>(Fetch, 9, f as NonNullable<typeof f>).topics[0]?.partitions[0];
    expect(partition?.highWatermark).toBe(2);
    const stored = partition?.records?.subarray(0, batch.length) ?? Buffer.alloc(0);
    expect(stored.subarray(BatchLayout.MAGIC)).toEqual(batch.subarray(BatchLayout.MAGIC));
    expect(batchCrcMatches(stored, 0, readBatchHeader(stored))).toBe(true);
  });

  it('returns a first batch larger than the byte limits, and only whole batches after it (KIP-74)', async () => {
    const big = recordBatch(Buffer.alloc(100, 'b'));
    client.send(RawClient.frame(CreateTopics, 3, 55, { topics: [{ name: 'kip74', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 }));
    await client.next();
    client.send(Buffer.concat([produceFrame(56, 'kip74', big), produceFrame(57, 'kip74', recordBatch(Buffer.from('small')))]));
    await client.next();
    await client.next();
    const fetch = async (maxBytes: number, fetchOffset: number): Promise<number> => {
      client.send(RawClient.frame(Fetch, 9, 58, { maxWaitMs: 0, minBytes: 0, maxBytes, topics: [{ topic: 'kip74', partitions: [{ partition: 0, fetchOffset, partitionMaxBytes: maxBytes }] }] }));
      const r = await client.next();
      r?.int32();
      return readBody<FetchBody>(Fetch, 9, r as NonNullable<typeof r>).topics[0]?.partitions[0]?.records?.length ?? -1;
    };
    expect(await fetch(10, 0)).toBe(big.length);
    expect(await fetch(big.length + 10, 0)).toBe(big.length);
    expect(await fetch(10_000, 0)).toBeGreaterThan(big.length);
    expect(await fetch(10, 2)).toBe(0);
  });

  it('rejects a corrupted CRC, two batches in one partition and a missing topic', async () => {
    const corrupt = recordBatch(Buffer.from('x'));
    corrupt[corrupt.length - 2] ^= 0xff;
    const two = Buffer.concat([recordBatch(Buffer.from('a')), recordBatch(Buffer.from('b'))]);
    client.send(Buffer.concat([produceFrame(60, 'raw', corrupt), produceFrame(61, 'raw', two), produceFrame(62, 'no-such-topic', recordBatch(randomBytes(3)))]));
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const r = await client.next();
      r?.int32();
      codes.push(readBody<ProduceBody>(Produce, 7, r as NonNullable<typeof r>).topics[0]?.partitions[0]?.errorCode);
    }
    expect(codes).toEqual([2, 87, 3]);
  });

  it('closes the connection on an absurd frame size', async () => {
    const other = await RawClient.open(broker.port);
    other.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await waitFor('the close', () => (other.closed ? true : undefined), 2000);
    expect(other.closed).toBe(true);
  });

  it('evicts a group member that stops heartbeating once its session times out', async () => {
    const join = (memberId: string, id: number): Buffer => RawClient.frame(JoinGroup, 1, id, {
      groupId: 'raw-group', sessionTimeoutMs: 600, rebalanceTimeoutMs: 600, memberId, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from([1]) }],
    });
    client.send(join('', 70));
    const first = await client.next();
    first?.int32();
    const joined = readBody<{ errorCode: number; generationId: number; memberId: string }>(JoinGroup, 1, first as NonNullable<typeof first>);
    expect(joined.errorCode).toBe(0);
    const group = broker.state.groups.get('raw-group');
    expect(group?.members.size).toBe(1);
    await waitFor('the session expiry', () => (group?.members.size === 0 ? true : undefined), 5000);
    client.send(RawClient.frame(Heartbeat, 1, 71, { groupId: 'raw-group', generationId: joined.generationId, memberId: joined.memberId }));
    const hb = await client.next();
    hb?.int32();
    expect(readBody<{ errorCode: number }>(Heartbeat, 1, hb as NonNullable<typeof hb>).errorCode).toBe(25);
    expect(group?.state).toBe('Empty');
  });
});
