/**
 * Aggregate accumulators: `add()` per second for SUM, AVG, MIN and MAX over DECIMAL(4,1)
 * values (temperatures like -12.3, pre-built Decimals, one reused argument array as the
 * operators do), against a hand-written loop over the same Decimals' unscaled numbers and,
 * for SUM, against `DecimalSum` from lib/types. Then a 1BRC-style kernel: MIN/AVG/MAX per
 * station (413 stations, a Map lookup per row) with our accumulators against a hand-written
 * Map of {min, max, sum, count}. Every pair's results must be equal.
 *
 * Run: `npm run build && node dist/bench/aggregates.bench.js [values]` (default 5,000,000).
 */
import { lookupAggregate } from '../lib/aggregates/registry.js';
import type { Accumulator, BoundAggregate } from '../lib/aggregates/types.js';
import { Decimal, DecimalSum } from '../lib/types/decimal.js';
import { decimalType, type SqlType } from '../lib/types/sqlType.js';
import type { Value } from '../lib/types/value.js';
import { describeRuntime, measure, mismatch, printTable, rowCountArgument, type ComparisonRow } from './harness.js';

const VALUES = rowCountArgument(5_000_000);
const STATIONS = 413;
const TEMPERATURE = decimalType(4, 1);
/** The brief's target for the whole 1BRC query; the aggregate kernel must leave room for parsing. */
const ONE_BRC_KERNEL_TARGET = 2_000_000;

/** Binds a one-argument aggregate by name (no DISTINCT, no parameters). */
function bindCall(name: string, type: SqlType): BoundAggregate {
  const fn = lookupAggregate(name);
  if (fn === undefined) throw new Error(`no aggregate ${name}`);
  return fn.bind([type], [], { distinct: false, star: false });
}

/** A deterministic pseudo-random generator (LCG). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Temperatures -99.9 … 99.9 as DECIMAL(4,1) and a station name per value. */
function makeData(n: number): { temperatures: Decimal[]; stations: string[] } {
  const next = generator(2024);
  const names = Array.from({ length: STATIONS }, (_, i) => `Station-${i.toString(36)}`);
  const temperatures = new Array<Decimal>(n);
  const stations = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    temperatures[i] = Decimal.fromUnscaled(Math.floor(next() * 1999) - 999, 1);
    stations[i] = names[Math.floor(next() * STATIONS)]!;
  }
  return { temperatures, stations };
}

const { temperatures, stations } = makeData(VALUES);

/** Feeds every temperature to one accumulator of `bound`; returns its result as text. */
function runAccumulator(bound: BoundAggregate): string {
  const acc = bound.create();
  const args: Value[] = [null];
  for (let i = 0; i < temperatures.length; i++) {
    args[0] = temperatures[i]!;
    acc.add(args);
  }
  return String(acc.result());
}

/** Hand-written kernels over the unscaled numbers, each returning the same text as ours. */
const handLoops: Readonly<Record<string, () => string>> = {
  SUM: () => {
    let sum = 0;
    for (let i = 0; i < temperatures.length; i++) sum += temperatures[i]!.unscaled;
    return Decimal.fromUnscaled(sum, 1).toString();
  },
  AVG: () => {
    let sum = 0;
    for (let i = 0; i < temperatures.length; i++) sum += temperatures[i]!.unscaled;
    return Decimal.fromUnscaled(sum, 1).divToScale(Decimal.fromInteger(temperatures.length), 7)!.toString();
  },
  MIN: () => {
    let best = temperatures[0]!;
    for (let i = 1; i < temperatures.length; i++) if (temperatures[i]!.unscaled < best.unscaled) best = temperatures[i]!;
    return best.toString();
  },
  MAX: () => {
    let best = temperatures[0]!;
    for (let i = 1; i < temperatures.length; i++) if (temperatures[i]!.unscaled > best.unscaled) best = temperatures[i]!;
    return best.toString();
  },
};

/** `DecimalSum` from lib/types summing the same values. */
function runDecimalSum(): string {
  const sum = new DecimalSum();
  for (let i = 0; i < temperatures.length; i++) sum.add(temperatures[i]!);
  return sum.result()!.toString();
}

/** The 1BRC kernel with our accumulators: per station MIN, AVG, MAX. */
function oneBrcOurs(): string {
  const min = bindCall('MIN', TEMPERATURE);
  const avg = bindCall('AVG', TEMPERATURE);
  const max = bindCall('MAX', TEMPERATURE);
  const groups = new Map<string, Accumulator[]>();
  const args: Value[] = [null];
  for (let i = 0; i < temperatures.length; i++) {
    const station = stations[i]!;
    let accs = groups.get(station);
    if (accs === undefined) {
      accs = [min.create(), avg.create(), max.create()];
      groups.set(station, accs);
    }
    args[0] = temperatures[i]!;
    accs[0]!.add(args);
    accs[1]!.add(args);
    accs[2]!.add(args);
  }
  return [...groups.keys()]
    .sort()
    .map((s) => `${s}=${groups.get(s)!.map((a) => String(a.result())).join('/')}`)
    .join(', ');
}

/** One station's running figures in the hand-written kernel. */
interface StationFigures {
  min: number;
  max: number;
  sum: number;
  count: number;
}

/** The 1BRC kernel by hand over unscaled numbers. */
function oneBrcHand(): string {
  const groups = new Map<string, StationFigures>();
  for (let i = 0; i < temperatures.length; i++) {
    const u = temperatures[i]!.unscaled;
    const figures = groups.get(stations[i]!);
    if (figures === undefined) {
      groups.set(stations[i]!, { min: u, max: u, sum: u, count: 1 });
    } else {
      if (u < figures.min) figures.min = u;
      if (u > figures.max) figures.max = u;
      figures.sum += u;
      figures.count++;
    }
  }
  return [...groups.keys()]
    .sort()
    .map((s) => {
      const f = groups.get(s)!;
      const avg = Decimal.fromUnscaled(f.sum, 1).divToScale(Decimal.fromInteger(f.count), 7)!;
      return `${s}=${Decimal.fromUnscaled(f.min, 1)}/${avg}/${Decimal.fromUnscaled(f.max, 1)}`;
    })
    .join(', ');
}

/** Times ours and a peer, checks their results are equal, and returns the table row. */
async function compare(
  caseName: string,
  ours: () => string,
  peerName: string,
  peer: () => string,
  minRate?: number,
): Promise<ComparisonRow> {
  const a = ours();
  const b = peer();
  if (a !== b) mismatch(`${caseName}: ours ${a.slice(0, 200)} vs ${peerName} ${b.slice(0, 200)}`);
  const oursTiming = await measure(ours, () => undefined);
  const peerTiming = await measure(peer, () => undefined);
  const check = a.length > 40 ? `${a.length} chars equal` : `equal: ${a}`;
  return { caseName, rows: VALUES, ours: oursTiming, peerName, peer: peerTiming, check, ...(minRate === undefined ? {} : { minRate }) };
}

const table: ComparisonRow[] = [];
for (const name of ['SUM', 'AVG', 'MIN', 'MAX']) {
  const bound = bindCall(name, TEMPERATURE);
  table.push(await compare(`${name}(DECIMAL(4,1)) add()`, () => runAccumulator(bound), 'hand loop on unscaled numbers', handLoops[name]!));
}
const sum = bindCall('SUM', TEMPERATURE);
table.push(await compare('SUM(DECIMAL(4,1)) add()', () => runAccumulator(sum), 'DecimalSum (lib/types)', runDecimalSum));
table.push(
  await compare('1BRC kernel: MIN/AVG/MAX per station', oneBrcOurs, 'hand-written Map of figures', oneBrcHand, ONE_BRC_KERNEL_TARGET),
);

console.log(describeRuntime());
printTable(`Aggregate accumulators over ${VALUES.toLocaleString('en-US')} DECIMAL(4,1) values`, table);
