import type { Command } from 'commander';
import { startApp } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';
import { StatusLine, startProgress, summaryLines } from '../../runtime/progress.js';
import { reportError, setOption, withApp } from '../sqlFile.js';

/** `ferris run APP.sql [--set name=value]...`: runs every job of the file until input ends or SIGINT/SIGTERM. */
export function registerRunCommand(program: Command): void {
  setOption(
    program
      .command('run')
      .description('run every job of a SQL file (bounded input: until it is processed; otherwise until SIGINT/SIGTERM)')
      .argument('<app.sql>', 'the SQL application')
      .option('--no-progress', 'no live progress line on stderr')
      .option('--drain', "on SIGINT/SIGTERM, emit open windows as final before exiting (default: each job's 'shutdown' key, else keep them unemitted)"),
  ).action((file: string, options: { set: string[]; progress: boolean; drain?: boolean }) =>
    withApp(file, options.set, async ({ app, text, baseDir, variables }) => {
      // Log lines go above the live progress line, never onto it.
      const status = options.progress && process.stderr.isTTY ? new StatusLine((t) => process.stderr.write(t)) : undefined;
      const log = createLogger(undefined, status === undefined ? undefined : (line) => status.printAbove(line));
      const pipeline = await startApp(app, { file, baseDir, variables, log, print: (out) => process.stdout.write(out) });
      let stoppedBy: NodeJS.Signals | undefined;
      const onSignal = (signal: NodeJS.Signals): void => {
        stoppedBy = signal;
        log('info', `${signal} received: stopping${options.drain ? ' with drain' : ''}`, {});
        pipeline.stop(options.drain);
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const stopProgress = status === undefined ? () => undefined : startProgress(pipeline.jobs, status);
      const outcomes = await pipeline.run();
      stopProgress();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      for (const line of summaryLines(pipeline.jobs)) process.stderr.write(`${line}\n`);
      const cut = pipeline.jobs.filter((job) => job.bounded && job.interrupted);
      for (const job of cut) process.stderr.write(`${job.name}: output incomplete: stopped by ${stoppedBy} after ${job.metrics.rowsIn} rows in\n`);
      const failed = outcomes.filter((o) => o.error !== undefined);
      for (const { job, error } of failed) reportError(error, text, file, `job ${job.name}`);
      process.exitCode = failed.length > 0 ? 1 : cut.length > 0 && stoppedBy !== undefined ? signalExitCode(stoppedBy) : 0;
    }),
  );
}

/** The exit status of a bounded run cut short by a signal, as shells report it: 128 + the signal number. */
function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (signal === 'SIGINT' ? 2 : 15);
}
