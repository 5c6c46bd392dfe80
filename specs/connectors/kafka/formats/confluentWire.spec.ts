import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageIndexes, readMessageIndexes, unframe, wireHeader } from '../../../../lib/connectors/kafka/formats/confluentWire.js';

describe('the schema-registry wire format', () => {
  it('frames a body with the magic byte and a big-endian schema id, and takes it apart again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.uint8Array({ maxLength: 64 }), (id, body) => {
        const framed = Buffer.concat([wireHeader(id), body]);
        expect(framed[0]).toBe(0);
        expect(unframe(framed)).toEqual({ schemaId: id, body: Buffer.from(body) });
      }),
    );
    expect([...wireHeader(258)]).toEqual([0, 0, 0, 1, 2]);
    expect(() => unframe(Buffer.from('{"json":1}'))).toThrow('not in the schema-registry wire format');
    expect(() => unframe(Buffer.from([0, 0, 1]))).toThrow('not in the schema-registry wire format');
  });

  it('round-trips protobuf message index paths, [0] as the single byte 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 6 }), fc.uint8Array({ maxLength: 16 }), (path, payload) => {
        expect(readMessageIndexes(Buffer.concat([messageIndexes(path), payload]))).toEqual({ path, payload: Buffer.from(payload) });
      }),
    );
    expect(() => readMessageIndexes(Buffer.from([0x80]))).toThrow('truncated protobuf message indexes');
  });
});
