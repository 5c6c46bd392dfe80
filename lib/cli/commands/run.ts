import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadApp, startApp } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';
import { startProgress, summaryLines } from '../../runtime/progress.js';
import { readSqlFile, reportError, variableLookup } from '../sqlFile.js';

/** `ferris run APP.sql [--set name=value]...`: runs every job of the file until input ends or SIGINT/SIGTERM. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run every job of a SQL file (bounded input: until it is processed; otherwise until SIGINT/SIGTERM)')
    .argument('<app.sql>', 'the SQL application')
    .option('--set <name=value>', 'value of a ${name} placeholder (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--no-progress', 'no live progress line on stderr')
    .action(async (file: string, options: { set: string[]; progress: boolean }) => {
      const path = resolve(file);
      const text = readSqlFile(path);
      const log = createLogger();
      try {
        const app = loadApp(text, { file, variables: variableLookup(options.set) });
        const pipeline = await startApp(app, {
          file,
          baseDir: dirname(path),
          variables: variableLookup(options.set),
          log,
          print: (out) => process.stdout.write(out),
        });
        const onSignal = (signal: NodeJS.Signals): void => {
          log('info', `${signal} received: draining`, {});
          pipeline.drain();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const stopProgress =
          options.progress && process.stderr.isTTY ? startProgress(pipeline.jobs, (t) => process.stderr.write(t)) : () => undefined;
        const outcomes = await pipeline.run();
        stopProgress();
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        for (const line of summaryLines(pipeline.jobs)) process.stderr.write(`${line}\n`);
        const failed = outcomes.filter((o) => o.error !== undefined);
        for (const { job, error } of failed) reportError(error, text, file, `job ${job.name}`);
        process.exitCode = failed.length > 0 ? 1 : 0;
      } catch (error) {
        reportError(error, text, file);
        process.exitCode = 1;
      }
    });
}
