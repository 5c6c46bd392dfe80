import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadApp } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';
import { openJob } from '../../runtime/openJob.js';
import { readSqlFile, reportError, variableLookup } from '../sqlFile.js';

/**
 * `ferris check APP.sql`: parses, binds and validates every job's configuration (opening its
 * sources to learn inferred schemas, reading nothing else); prints `APP.sql:LINE:COL: message`
 * with the line and a caret on error and exits 1.
 */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('parse, bind and validate a SQL file without running it')
    .argument('<app.sql>', 'the SQL application')
    .option('--set <name=value>', 'value of a ${name} placeholder (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (file: string, options: { set: string[] }) => {
      const path = resolve(file);
      const text = readSqlFile(path);
      try {
        const app = loadApp(text, { file, variables: variableLookup(options.set) });
        for (const job of app.jobs) {
          const runnable = await openJob(job, { baseDir: dirname(path), log: createLogger('warn') });
          await runnable.close();
        }
        process.stdout.write(`${file}: OK (${app.jobs.length} job${app.jobs.length === 1 ? '' : 's'})\n`);
      } catch (error) {
        reportError(error, text, file);
        process.exitCode = 1;
      }
    });
}
