import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadApp } from '../../runtime/app.js';
import { explainJob } from '../../runtime/commands.js';
import { createLogger } from '../../runtime/logger.js';
import { readSqlFile, reportError, variableLookup } from '../sqlFile.js';

/** `ferris explain APP.sql`: the logical and physical plan of every job, as indented text. */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('print the logical and physical plans of every job of a SQL file')
    .argument('<app.sql>', 'the SQL application')
    .option('--set <name=value>', 'value of a ${name} placeholder (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (file: string, options: { set: string[] }) => {
      const path = resolve(file);
      const text = readSqlFile(path);
      try {
        const app = loadApp(text, { file, variables: variableLookup(options.set) });
        for (const job of app.jobs) {
          process.stdout.write(await explainJob(job, { baseDir: dirname(path), log: createLogger('warn') }));
        }
      } catch (error) {
        reportError(error, text, file);
        process.exitCode = 1;
      }
    });
}
