/*
 * Shared timing, checking and reporting for the benchmarks in bench/. Every benchmark times
 * our code and a peer on the same data in the same process, checks that both produced the
 * same result, and prints one table row per (case, peer) pair.
 */
import { recordResult } from './results.js';

/** How a variant is timed: warm-up runs first (not measured), then measured runs. */
export interface TimingOptions {
  readonly warmups: number;
  readonly runs: number;
  /** Whether this process's CPU time tells the cost (false when the work runs in a child process). */
  readonly cpu?: boolean;
  /**
   * Whether odd rounds run the variants in reverse order (A B C, C B A, ...), so that what one
   * variant leaves behind (garbage to collect, a warmer cache) falls on each variant alike.
   */
  readonly alternate?: boolean;
}

/** The timings of one variant, in seconds. */
export interface Timing {
  readonly best: number;
  readonly median: number;
  /** CPU time (user + system, all threads of this process) of the best run; undefined when not tracked. */
  readonly bestCpu: number | undefined;
  readonly all: readonly number[];
}

/**
 * The default timing: 3 warm-ups, best/median of 7 measured runs (override with BENCH_WARMUPS
 * and BENCH_RUNS). No forced GC between runs: a full collection shrinks the young generation
 * and makes the next run pay for regrowing it, which is not the steady state being measured.
 */
export const DEFAULT_TIMING: TimingOptions = {
  warmups: Number(process.env['BENCH_WARMUPS'] ?? 3),
  runs: Number(process.env['BENCH_RUNS'] ?? 7),
};

/** The row count of a benchmark: its first command-line argument, else `fallback`. */
export function rowCountArgument(fallback: number): number {
  const text = process.argv[2];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`the row count must be a positive integer; got '${text}'`);
  return n;
}

/**
 * Seconds per call of `call` (one unit of work, e.g. one request encoded): the best of 5
 * timed blocks of `rounds` calls, after 50 calls of warm-up.
 */
export async function bestSecondsPerCall(call: () => Promise<unknown>, rounds: number): Promise<number> {
  for (let i = 0; i < 50; i++) await call();
  let best = Infinity;
  for (let block = 0; block < 5; block++) {
    const started = performance.now();
    for (let i = 0; i < rounds; i++) await call();
    best = Math.min(best, (performance.now() - started) / 1000 / rounds);
  }
  return best;
}

/** One variant of {@link measureInterleaved}: an untimed preparation, then the timed run. */
export interface Variant {
  readonly prepare: () => Promise<void>;
  readonly run: () => unknown;
}

/** A variant whose run receives what its preparation produced (e.g. an opened job). */
export function variant<P>(run: (prepared: P) => unknown, prepare: () => P | Promise<P>): Variant {
  let prepared: P;
  return {
    prepare: async () => {
      prepared = await prepare();
    },
    run: () => run(prepared),
  };
}

/** Accumulates the runs of one variant. */
class RunLog {
  private readonly all: number[] = [];
  private best = Infinity;
  private bestCpu = 0;

  add(seconds: number, cpuSeconds: number): void {
    this.all.push(seconds);
    if (seconds < this.best) {
      this.best = seconds;
      this.bestCpu = cpuSeconds;
    }
  }

  timing(trackCpu: boolean): Timing {
    const sorted = [...this.all].sort((a, b) => a - b);
    return { best: this.best, median: sorted[Math.floor(sorted.length / 2)]!, bestCpu: trackCpu ? this.bestCpu : undefined, all: this.all };
  }
}

/** Runs one variant once; returns its wall and CPU seconds. */
async function timeOnce(timed: Variant): Promise<{ seconds: number; cpuSeconds: number }> {
  await timed.prepare();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await timed.run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/**
 * Times several variants in rounds (each round runs every variant once, in order; warm-up
 * rounds first), so that a change of machine load during the measurement hits all of them
 * alike. Returns one timing per variant, in the order given.
 */
export async function measureInterleaved(variants: readonly Variant[], options: TimingOptions = DEFAULT_TIMING): Promise<Timing[]> {
  const logs = variants.map(() => new RunLog());
  for (let round = 0; round < options.warmups + options.runs; round++) {
    const reversed = options.alternate === true && round % 2 === 1;
    for (let k = 0; k < variants.length; k++) {
      const v = reversed ? variants.length - 1 - k : k;
      const { seconds, cpuSeconds } = await timeOnce(variants[v]!);
      if (round >= options.warmups) logs[v]!.add(seconds, cpuSeconds);
    }
  }
  return logs.map((log) => log.timing(options.cpu !== false));
}

/** Times one variant: `run` after `prepare` (untimed, e.g. opening a job), warm-ups first. */
export async function measure<P>(
  run: (prepared: P) => unknown,
  prepare: () => P | Promise<P>,
  options: TimingOptions = DEFAULT_TIMING,
): Promise<Timing> {
  const [timing] = await measureInterleaved([variant(run, prepare)], options);
  return timing!;
}

/** One timing over the runs of several (the rounds of several processes pooled, in order). */
export function pooledTiming(timings: readonly Timing[]): Timing {
  const all = timings.flatMap((t) => t.all);
  const fastest = timings.reduce((a, b) => (b.best < a.best ? b : a));
  const sorted = [...all].sort((a, b) => a - b);
  return { best: fastest.best, median: sorted[Math.floor(sorted.length / 2)]!, bestCpu: fastest.bestCpu, all };
}

/** The ratio ours ÷ peer (rows/s) of each measured round, paired: its median and range. */
export interface PairedRatio {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly rounds: number;
}

/**
 * The per-round ratios of two variants timed in the same rounds of {@link measureInterleaved}
 * (peer seconds ÷ our seconds of round i): a change of machine load hits both runs of a round
 * alike, so their median is steadier than the ratio of two best times taken in different rounds.
 */
export function pairedRatio(ours: Timing, peer: Timing): PairedRatio {
  if (ours.all.length !== peer.all.length || ours.all.length === 0) throw new Error('pairedRatio: the two timings are not of the same rounds');
  const ratios = ours.all.map((seconds, i) => peer.all[i]! / seconds).sort((a, b) => a - b);
  return { median: ratios[Math.floor(ratios.length / 2)]!, low: ratios[0]!, high: ratios[ratios.length - 1]!, rounds: ratios.length };
}

/** One line of a result table: our variant against one peer on the same case. */
export interface ComparisonRow {
  readonly caseName: string;
  readonly rows: number;
  readonly ours: Timing;
  readonly peerName: string;
  readonly peer: Timing;
  /** What the check compared (e.g. `412,345 rows equal`). */
  readonly check: string;
  /** The required ratio ours ÷ peer (rows/s), when this pair has a target. */
  readonly minRatio?: number;
  /** The required rows/s of ours, when this pair has a target. */
  readonly minRate?: number;
  /** Per-record latency of ours (ms), when measured. */
  readonly latencyMs?: { readonly p50: number; readonly p99: number };
  /** The paired per-round ratio, when both were timed in the same rounds: it is then the ratio shown and checked. */
  readonly paired?: PairedRatio;
}

/** The ratio ours ÷ peer of a row: the paired median when measured, else best ÷ best. */
function ratioOf(row: ComparisonRow): number {
  return row.paired?.median ?? row.peer.best / row.ours.best;
}

/** Rows per second, e.g. `2.41 M/s`. */
export function formatRate(rows: number, seconds: number): string {
  const perSecond = rows / seconds;
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(0)} K/s`;
}

function targetText(row: ComparisonRow): string {
  const parts: string[] = [];
  const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');
  if (row.minRate !== undefined) parts.push(`≥ ${formatRate(row.minRate, 1)} ${verdict(row.rows / row.ours.best >= row.minRate)}`);
  if (row.minRatio !== undefined) parts.push(`≥ ${row.minRatio}× ${verdict(ratioOf(row) >= row.minRatio)}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

/** The ratio column: best ÷ best, or the paired median with its range over the rounds. */
function ratioText(row: ComparisonRow): string {
  const p = row.paired;
  if (p === undefined) return (row.peer.best / row.ours.best).toFixed(2);
  return `${p.median.toFixed(2)} (paired median of ${p.rounds} rounds, ${p.low.toFixed(2)}–${p.high.toFixed(2)})`;
}

function secondsText(t: Timing): string {
  return `${t.best.toFixed(3)} / ${t.median.toFixed(3)} / ${t.bestCpu === undefined ? '-' : t.bestCpu.toFixed(3)}`;
}

/** Prints a Markdown table of comparison rows (rates and ratios from the best wall time). */
export function printTable(title: string, rows: readonly ComparisonRow[]): void {
  const header = ['case', 'rows', 'ours s: best / median / CPU', 'ours rows/s', 'peer', 'peer s: best / median / CPU', 'peer rows/s', 'ours ÷ peer', 'target', 'check'];
  const lines = rows.map((r) => [
    r.caseName,
    r.rows.toLocaleString('en-US'),
    secondsText(r.ours),
    formatRate(r.rows, r.ours.best),
    r.peerName,
    secondsText(r.peer),
    formatRate(r.rows, r.peer.best),
    ratioText(r),
    targetText(r),
    r.check,
  ]);
  console.log(`\n### ${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => ' --- ').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
  for (const r of rows) {
    recordResult({
      kind: 'measured',
      table: title,
      caseName: r.caseName,
      rows: r.rows,
      oursSeconds: r.ours.best,
      peerName: r.peerName,
      peerSeconds: r.peer.best,
      check: r.check,
      ...(r.minRatio === undefined ? {} : { minRatio: r.minRatio }),
      ...(r.minRate === undefined ? {} : { minRate: r.minRate }),
      ...(r.latencyMs === undefined ? {} : { latencyMs: r.latencyMs }),
      ...(r.paired === undefined ? {} : { pairedRatio: r.paired }),
    });
  }
}

/** The machine and runtime, printed above every table. */
export function describeRuntime(): string {
  return `Node ${process.version}, pid ${process.pid}, ${DEFAULT_TIMING.warmups} warm-ups, best and median of ${DEFAULT_TIMING.runs} runs; rows/s and ratios from the best wall time; CPU = user + system time of the best run, all threads`;
}

/** Fails the benchmark loudly: a fast wrong answer is not a result. */
export function mismatch(what: string): never {
  console.error(`RESULT MISMATCH: ${what}`);
  process.exit(2);
}
