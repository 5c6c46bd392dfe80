import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { defaultPartitioner } from '../../../lib/connectors/kafka/topicPartitioner.js';

/** A deterministic pseudo-random generator (so that a failure can be replayed). */
function generator(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** Keys of every length from 0 to 40 and every tail length: ASCII, two-, three- and four-byte characters, and buffers. */
function keys(count: number): (string | Buffer)[] {
  const next = generator(7);
  const alphabet = ['a', 'Z', '7', '|', ' ', 'é', 'ß', '€', '中', '😀'];
  return Array.from({ length: count }, (_, i) => {
    const length = i % 41;
    const text = Array.from({ length }, () => alphabet[Math.floor(next() * (i % 3 === 0 ? 5 : alphabet.length))]).join('');
    return i % 7 === 0 ? Buffer.from(text, 'utf8') : text;
  });
}

describe('defaultPartitioner', () => {
  it("puts every key on kafkajs's DefaultPartitioner's partition (the Java client's murmur2), for 1 to 12 partitions", () => {
    const theirs = Partitioners.DefaultPartitioner();
    for (let partitions = 1; partitions <= 12; partitions++) {
      const metadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
      const ours = defaultPartitioner(partitions, metadata.map((p) => p.partitionId));
      for (const key of keys(2000)) {
        expect(ours({ key, value: null }), String(key)).toBe(theirs({ topic: 't', partitionMetadata: metadata, message: { key, value: null } }));
      }
    }
  });

  it('sends keyless messages to the partitions with a leader in turn', () => {
    const ours = defaultPartitioner(4, [0, 2, 3]);
    const seen = Array.from({ length: 9 }, () => ours({ key: null, value: 'x' }));
    expect(new Set(seen)).toEqual(new Set([0, 2, 3]));
    for (let i = 3; i < seen.length; i++) expect(seen[i]).toBe(seen[i - 3]);
  });
});
