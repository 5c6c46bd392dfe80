/**
 * Exact decimal throughput: parse a price and a quantity from text, multiply, and add the
 * product to a running total, for N generated pairs. Ours (`Decimal` + `DecimalSum`) against
 * big.js doing the same work in the same run; the two totals must be equal.
 * One op = one pair (two parses, one multiply, one add).
 *
 * Run: `npm run build && node dist/bench/decimal.bench.js [pairs]` (default 2,000,000).
 */
import { bigAdd, bigMul, bigParse, bigToFixed, type BigDecimal } from '../lib/types/bigDecimal.js';
import { Decimal, DecimalSum } from '../lib/types/decimal.js';

const PAIRS = Number(process.argv[2] ?? 2_000_000);
const ROUNDS = 5;

/** A deterministic pseudo-random generator (LCG) so every run sees the same data. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Price texts like '150.2567' (4 decimals, some below 1, some negative adjustments) and quantity texts like '300' or '12.5'. */
function makePairs(n: number): { prices: string[]; quantities: string[] } {
  const next = generator(42);
  const prices: string[] = new Array<string>(n);
  const quantities: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const cents = Math.floor(next() * 5_000_000) - (next() < 0.05 ? 5_000_000 : 0);
    const sign = cents < 0 ? '-' : '';
    const abs = Math.abs(cents);
    prices[i] = `${sign}${Math.floor(abs / 10_000)}.${String(abs % 10_000).padStart(4, '0')}`;
    const lots = Math.floor(next() * 10_000) + 1;
    quantities[i] = next() < 0.5 ? String(lots) : `${Math.floor(lots / 10)}.${lots % 10}`;
  }
  return { prices, quantities };
}

/** Ours: returns the exact total. */
function runOurs(prices: string[], quantities: string[]): Decimal {
  const sum = new DecimalSum();
  for (let i = 0; i < prices.length; i++) {
    sum.add(Decimal.parse(prices[i]!).mul(Decimal.parse(quantities[i]!)));
  }
  return sum.result()!;
}

/** big.js: returns the exact total. */
function runBig(prices: string[], quantities: string[]): BigDecimal {
  let total = bigParse('0');
  for (let i = 0; i < prices.length; i++) {
    total = bigAdd(total, bigMul(bigParse(prices[i]!), bigParse(quantities[i]!)));
  }
  return total;
}

/** Runs `fn` ROUNDS times and returns the best time in ms and the last result. */
function best<T>(fn: () => T): { ms: number; result: T } {
  let ms = Infinity;
  let result = fn();
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, result };
}

/** Millions of ops per second. */
function mops(ops: number, ms: number): string {
  return `${((ops / ms) * 1000 / 1e6).toFixed(2)} M ops/s`;
}

const { prices, quantities } = makePairs(PAIRS);
const ours = best(() => runOurs(prices, quantities));
const peer = best(() => runBig(prices, quantities));
const oursText = ours.result.toString();
const peerText = bigToFixed(peer.result, ours.result.scale);
if (oursText !== peerText) {
  console.error(`totals differ: ours ${oursText}, big.js ${peerText}`);
  process.exit(1);
}
console.log(`decimal parse+multiply+sum, ${PAIRS} pairs, best of ${ROUNDS} (Node ${process.version})`);
console.log(`  ours (Decimal)  ${mops(PAIRS, ours.ms).padStart(16)}   ${ours.ms.toFixed(0)} ms`);
console.log(`  big.js          ${mops(PAIRS, peer.ms).padStart(16)}   ${peer.ms.toFixed(0)} ms`);
console.log(`  ratio           ${(peer.ms / ours.ms).toFixed(2)}x   totals equal: ${oursText}`);
