/*
 * Where benchmarks leave their results for the report (bench/report.mjs): when BENCH_RESULTS
 * names a file, every printed table row and every case that could not run is appended to it as
 * one JSON line. Without BENCH_RESULTS (a benchmark run by hand) nothing is written.
 */
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';

/** One measured pair: our engine against one peer on one case. */
export interface MeasuredResult {
  readonly kind: 'measured';
  readonly table: string;
  readonly caseName: string;
  readonly rows: number;
  readonly oursSeconds: number;
  readonly peerName: string;
  readonly peerSeconds: number;
  readonly check: string;
  readonly minRatio?: number;
  readonly minRate?: number;
  /** Per-record latency of ours, in milliseconds, when the benchmark measured it. */
  readonly latencyMs?: { readonly p50: number; readonly p99: number };
  /**
   * The ratio ours ÷ peer paired per round (both timed in the same rounds), when measured: its
   * median is the ratio to show and check, steadier than best ÷ best under a changing load.
   */
  readonly pairedRatio?: { readonly median: number; readonly low: number; readonly high: number; readonly rounds: number };
}

/** A case the engine could not run, with the engine's own error. */
export interface RefusedResult {
  readonly kind: 'refused';
  readonly table: string;
  readonly caseName: string;
  readonly error: string;
}

/** Per-record latency percentiles of one case, in milliseconds. */
export interface LatencyResult {
  readonly kind: 'latency';
  readonly table: string;
  readonly caseName: string;
  readonly rows: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  /** The target: p99 at most this many milliseconds, when the case has one. */
  readonly maxP99Ms?: number;
}

/** A table a benchmark measures in its own shape (e.g. start-up times), recorded as printed. */
export interface TableResult {
  readonly kind: 'table';
  readonly table: string;
  /** The Markdown table, header line included. */
  readonly markdown: string;
}

/** What a benchmark records. */
export type Recorded = MeasuredResult | RefusedResult | LatencyResult | TableResult;

/** A result line as written. */
export type BenchResult = Recorded & { readonly bench: string };

/** Appends one result to BENCH_RESULTS (when set), tagged with the benchmark file's name. */
export function recordResult(result: Recorded): void {
  const file = process.env['BENCH_RESULTS'];
  if (file === undefined || file === '') return;
  const bench = path.basename(process.argv[1] ?? 'unknown').replace(/\.bench\.js$/, '');
  appendFileSync(file, `${JSON.stringify({ bench, ...result })}\n`);
}
