import { type Command, InvalidArgumentError } from 'commander';
import { startApp } from '../../runtime/app.js';
import { createLogger, type Logger } from '../../runtime/logger.js';
import type { MetricsAddress } from '../../runtime/metrics/metricsServer.js';
import type { StandaloneMetrics } from '../../runtime/metrics/standaloneMetrics.js';
import type { Pipeline } from '../../runtime/pipeline.js';
import { StatusLine, startProgress, summaryLines } from '../../runtime/progress.js';
import { FerrisError } from '../../types/errors.js';
import { type LoadedApp, reportError, setOption, withApp } from '../sqlFile.js';

/** The addresses that only this machine reaches. */
const LOOPBACK: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

/** The options of `ferris run`. */
interface RunOptions {
  readonly set: string[];
  readonly progress: boolean;
  readonly drain?: boolean;
  readonly metricsPort?: number;
  readonly metricsHost?: string;
}

/** `ferris run APP.sql [--set name=value]... [--metrics-port P]`: runs every job of the file until input ends or SIGINT/SIGTERM. */
export function registerRunCommand(program: Command): void {
  setOption(
    program
      .command('run')
      .description('run every job of a SQL file (bounded input: until it is processed; otherwise until SIGINT/SIGTERM)')
      .argument('<app.sql>', 'the SQL application')
      .option('--no-progress', 'no live progress line on stderr')
      .option('--drain', "on SIGINT/SIGTERM, emit open windows as final before exiting (default: each job's 'shutdown' key, else keep them unemitted)")
      .option('--metrics-port <port>', 'serve Prometheus metrics at http://HOST:PORT/metrics while the jobs run (0: any free port)', parsePort)
      .option('--metrics-host <address>', 'the address --metrics-port binds (default 127.0.0.1)'),
  ).action((file: string, options: RunOptions) =>
    withApp(file, options.set, async (loaded) => {
      // Log lines go above the live progress line, never onto it.
      const status = options.progress && process.stderr.isTTY ? new StatusLine((t) => process.stderr.write(t)) : undefined;
      const log = createLogger(undefined, status === undefined ? undefined : (line) => status.printAbove(line));
      // Bound before any connector opens, so a port in use fails the run before it reads anything.
      const metrics = await startMetrics(metricsAddress(options));
      if (metrics !== undefined) log('info', 'metrics served', { url: metrics.url });
      if (metrics !== undefined && !LOOPBACK.includes(options.metricsHost ?? '127.0.0.1')) {
        log('warn', `metrics served on ${options.metricsHost}, not only on this machine: anyone who can reach it reads them (there is no authentication)`);
      }
      try {
        await runJobs(loaded, options, { log, status, metrics });
      } finally {
        await metrics?.close();
      }
    }),
  );
}

/** Where a run reports: its logger, the live progress line (on a terminal) and the metrics server (with `--metrics-port`). */
interface RunOutputs {
  readonly log: Logger;
  readonly status: StatusLine | undefined;
  readonly metrics: StandaloneMetrics | undefined;
}

/** Opens and runs every job of the app until input ends or SIGINT/SIGTERM, then prints the summary and sets the exit code. */
async function runJobs({ app, text, file, baseDir, variables }: LoadedApp, options: RunOptions, { log, status, metrics }: RunOutputs): Promise<void> {
  // The handlers are in place before any connector opens. A signal that arrives while the jobs
  // are still opening (a slow broker, a watched directory waiting for its first file) ends the
  // process at once: nothing has been read, so nothing is lost or half written.
  let stoppedBy: NodeJS.Signals | undefined;
  let pipeline: Pipeline | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    stoppedBy = signal;
    if (pipeline === undefined) {
      process.stderr.write(`${signal} received while the jobs were opening: stopped before reading anything\n`);
      process.exit(signalExitCode(signal));
    }
    log('info', `${signal} received: stopping${options.drain ? ' with drain' : ''}`, {});
    pipeline.stop(options.drain);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    pipeline = await startApp(app, {
      file,
      baseDir,
      variables,
      log,
      print: (out) => process.stdout.write(out),
      ...(metrics === undefined ? {} : { observeOutput: metrics.observeOutput }),
    });
    metrics?.watch(pipeline.jobs);
    const stopProgress = status === undefined ? () => undefined : startProgress(pipeline.jobs, status);
    const outcomes = await pipeline.run();
    stopProgress();
    for (const line of summaryLines(pipeline.jobs)) process.stderr.write(`${line}\n`);
    const cut = pipeline.jobs.filter((job) => job.bounded && job.interrupted);
    for (const job of cut) process.stderr.write(`${job.name}: output incomplete: stopped by ${stoppedBy} after ${job.metrics.rowsIn} rows in\n`);
    const failed = outcomes.filter((o) => o.error !== undefined);
    for (const { job, error } of failed) reportError(error, text, file, `job ${job.name}`);
    process.exitCode = failed.length > 0 ? 1 : cut.length > 0 && stoppedBy !== undefined ? signalExitCode(stoppedBy) : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** The exit status of a bounded run cut short by a signal, as shells report it: 128 + the signal number. */
function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (signal === 'SIGINT' ? 2 : 15);
}

/** `--metrics-port`: a port number, 0 to 65535. */
function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError(`a port is a whole number from 0 to 65535 (0: any free port), got '${value}'`);
  return port;
}

/** Where to serve metrics: none without `--metrics-port`; `--metrics-host` alone is an error (it would do nothing). */
function metricsAddress({ metricsPort, metricsHost }: RunOptions): MetricsAddress | undefined {
  if (metricsPort === undefined) {
    if (metricsHost !== undefined) throw new FerrisError('CONFIG', `--metrics-host ${metricsHost} needs --metrics-port: nothing is served without a port`);
    return undefined;
  }
  return { host: metricsHost ?? '127.0.0.1', port: metricsPort };
}

/** Serves `/metrics` at `address`, loading prom-client only then (a run without metrics never loads it). */
async function startMetrics(address: MetricsAddress | undefined): Promise<StandaloneMetrics | undefined> {
  if (address === undefined) return undefined;
  const { startStandaloneMetrics } = await import('../../runtime/metrics/standaloneMetrics.js');
  return startStandaloneMetrics(address);
}
