/*
 * A 64-bit hash (two 32-bit words) of a `valueKey` for HyperLogLog: strings are hashed code
 * unit by code unit in two multiply-xor lanes, numbers by the two words of their IEEE bits;
 * both end with a cross-lane mix and the MurmurHash3 32-bit finaliser on each lane.
 */

/** The two words of the last {@link hashKey}: `hashWords[0]` high, `hashWords[1]` low. */
export const hashWords = new Uint32Array(2);

const FLOAT = new Float64Array(1);
const FLOAT_WORDS = new Uint32Array(FLOAT.buffer);

const PRIME_A = 0x9e3779b1;
const PRIME_B = 0x85ebca77;
const SEED_A = 0x27d4eb2f;
const SEED_B = 0x165667b1;

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Mixes the lanes into each other, finalises them and stores them in {@link hashWords}. */
function finish(a: number, b: number): void {
  a ^= Math.imul(b ^ (b >>> 15), 0x2c1b3c6d);
  b ^= Math.imul(a ^ (a >>> 13), 0x297a2d39);
  hashWords[0] = avalanche(a);
  hashWords[1] = avalanche(b);
}

/** Hashes a key into {@link hashWords} (no allocation). */
export function hashKey(key: string | number): void {
  let a = SEED_A;
  let b = SEED_B;
  if (typeof key === 'number') {
    // -0 and 0 are one key; every NaN is one key.
    FLOAT[0] = Number.isNaN(key) ? NaN : key + 0;
    for (let i = 0; i < 2; i++) {
      const w = FLOAT_WORDS[i]!;
      a = Math.imul(a ^ w, PRIME_A);
      b = Math.imul(b ^ w, PRIME_B);
    }
    finish(a, b);
    return;
  }
  a ^= key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, PRIME_A);
    b = Math.imul(b ^ c, PRIME_B);
  }
  finish(a, b ^ 0x5bd1e995);
}
