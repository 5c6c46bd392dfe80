/*
 * Generated parts of Kafka records for the specs that compare our record encoding and decoding
 * with kafkajs's, case by case.
 */

/** A deterministic pseudo-random generator (so that a failure can be replayed). */
export function generator(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

const TEXTS = ['', 'a', 'AAPL', 'é€中😀', '{"symbol":"MSFT","price":"412.10"}'];

/**
 * A key, value or header value: bytes or text (unicode included), or null when `allowNull`.
 * Lengths past 127 and 16,383 bytes take two- and three-byte varints: `long` 'many' makes a
 * fifth of them up to 20,000 bytes long, 'few' makes a fifth up to 400 bytes and one in a
 * hundred past 16,383 (a deep comparison goes byte by byte).
 */
export function bytesOrText(next: () => number, allowNull: boolean, long: 'many' | 'few'): Buffer | string | null {
  const pick = next();
  if (allowNull && pick < 0.15) return null;
  const longText = long === 'many' ? (pick < 0.2 ? 'x'.repeat(Math.floor(next() * 20_000)) : undefined) : pick < 0.01 ? 'x'.repeat(16_384 + Math.floor(next() * 2000)) : pick < 0.2 ? 'x'.repeat(Math.floor(next() * 400)) : undefined;
  const text = longText ?? TEXTS[Math.floor(next() * TEXTS.length)]!;
  return pick < 0.6 ? Buffer.from(text, 'utf8') : text;
}
