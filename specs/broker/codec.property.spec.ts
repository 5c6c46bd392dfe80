import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiSchema } from '../../lib/broker/protocol/api.js';
import { Fetch, Produce } from '../../lib/broker/protocol/messages/data.js';
import { Reader } from '../../lib/broker/protocol/reader.js';
import { Writer } from '../../lib/broker/protocol/writer.js';

const int8 = fc.integer({ min: -128, max: 127 });
const int16 = fc.integer({ min: -32768, max: 32767 });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const int64 = fc.maxSafeInteger();
const name = fc.string({ maxLength: 20 });

const fetchRequest = fc.record({
  replicaId: int32, maxWaitMs: int32, minBytes: int32, maxBytes: int32, isolationLevel: int8, sessionId: int32, sessionEpoch: int32,
  topics: fc.array(fc.record({
    topic: name,
    partitions: fc.array(fc.record({ partition: int32, currentLeaderEpoch: int32, fetchOffset: int64, logStartOffset: int64, partitionMaxBytes: int32 }), { maxLength: 4 }),
  }), { maxLength: 4 }),
  forgottenTopics: fc.array(fc.record({ topic: name, partitions: fc.array(int32, { maxLength: 4 }) }), { maxLength: 3 }),
  rackId: name,
});

const produceRequest = fc.record({
  transactionalId: fc.option(name, { nil: null }), acks: int16, timeoutMs: int32,
  topics: fc.array(fc.record({
    name,
    partitions: fc.array(fc.record({ index: int32, records: fc.option(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), { nil: null }) }), { maxLength: 3 }),
  }), { maxLength: 3 }),
});

function encodeRequest<Q>(schema: ApiSchema<Q, unknown>, version: number, value: unknown): Buffer {
  const w = new Writer();
  schema.request.write(w, value, version, false);
  return Buffer.concat(w.finish());
}

function decodeRequest<Q>(schema: ApiSchema<Q, unknown>, version: number, bytes: Buffer): Q {
  const r = new Reader(bytes);
  const value = schema.request.read(r, version, false);
  expect(r.remaining).toBe(0);
  return value;
}

/** Produce's `records` decode as one buffer but encode from a list of batches. */
function asEncodable(request: { topics: { partitions: { records: Buffer | null }[] }[] }): unknown {
  return { ...request, topics: request.topics.map((t) => ({ ...t, partitions: t.partitions.map((p) => ({ ...p, records: p.records === null ? null : [p.records] })) })) };
}

describe('broker schema codec properties', () => {
  it('decodes what it encodes, for every Fetch request at v11, and re-encodes the same bytes at every version', () => {
    fc.assert(fc.property(fetchRequest, (request) => {
      expect(decodeRequest(Fetch, 11, encodeRequest(Fetch, 11, request))).toEqual(request);
      for (let v = Fetch.minVersion; v <= Fetch.maxVersion; v++) {
        const bytes = encodeRequest(Fetch, v, request);
        expect(encodeRequest(Fetch, v, decodeRequest(Fetch, v, bytes))).toEqual(bytes);
      }
    }), { numRuns: 200 });
  });

  it('round-trips Produce requests with nullable ids and record sets at every version', () => {
    fc.assert(fc.property(produceRequest, (request) => {
      for (let v = Produce.minVersion; v <= Produce.maxVersion; v++) {
        const decoded = decodeRequest(Produce, v, encodeRequest(Produce, v, asEncodable(request)));
        expect(decoded).toEqual(request);
      }
    }), { numRuns: 200 });
  });

  it('round-trips int64 and unsigned varints over their whole safe range', () => {
    fc.assert(fc.property(fc.array(int64, { maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 20 }), (longs, uvarints) => {
      const w = new Writer();
      for (const v of longs) w.int64(v);
      for (const v of uvarints) w.uvarint(v);
      const r = new Reader(Buffer.concat(w.finish()));
      expect(longs.map(() => r.int64())).toEqual(longs);
      expect(uvarints.map(() => r.uvarint())).toEqual(uvarints);
    }));
  });
});
