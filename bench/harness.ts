/*
 * Shared timing, checking and reporting for the benchmarks in bench/. Every benchmark times
 * our code and a peer on the same data in the same process, checks that both produced the
 * same result, and prints one table row per (case, peer) pair.
 */

/** How a variant is timed: warm-up runs first (not measured), then measured runs. */
export interface TimingOptions {
  readonly warmups: number;
  readonly runs: number;
  /** Whether this process's CPU time tells the cost (false when the work runs in a child process). */
  readonly cpu?: boolean;
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
 * Times `run` (warm-ups first). `prepare` runs before every run, outside the timed region
 * (e.g. opening a job).
 */
export async function measure<P>(
  run: (prepared: P) => unknown,
  prepare: () => P | Promise<P>,
  options: TimingOptions = DEFAULT_TIMING,
): Promise<Timing> {
  const all: number[] = [];
  let best = Infinity;
  let bestCpu = 0;
  for (let i = 0; i < options.warmups + options.runs; i++) {
    const prepared = await prepare();
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    await run(prepared);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    if (i < options.warmups) continue;
    all.push(seconds);
    if (seconds < best) {
      best = seconds;
      bestCpu = (cpu.user + cpu.system) / 1e6;
    }
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { best, median: sorted[Math.floor(sorted.length / 2)]!, bestCpu: options.cpu === false ? undefined : bestCpu, all };
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
  if (row.minRatio !== undefined) parts.push(`≥ ${row.minRatio}× ${verdict(row.peer.best / row.ours.best >= row.minRatio)}`);
  return parts.length === 0 ? '-' : parts.join(', ');
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
    `${(r.peer.best / r.ours.best).toFixed(2)}`,
    targetText(r),
    r.check,
  ]);
  console.log(`\n### ${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => ' --- ').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
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
