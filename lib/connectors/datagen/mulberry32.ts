/**
 * A small, fast seeded pseudo-random generator (mulberry32): the same seed gives the same
 * sequence on every platform. Returns floats in [0, 1).
 */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The next integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
