import type { Command } from 'commander';
import { createLogger } from '../../runtime/logger.js';
import { openJob } from '../../runtime/openJob.js';
import { setOption, withApp } from '../sqlFile.js';

/**
 * `ferris check APP.sql`: parses, binds and validates every job's configuration (opening its
 * sources to learn inferred schemas, reading nothing else); prints `APP.sql:LINE:COL: message`
 * with the line and a caret on error and exits 1.
 */
export function registerCheckCommand(program: Command): void {
  setOption(program.command('check').description('parse, bind and validate a SQL file without running it').argument('<app.sql>', 'the SQL application')).action(
    (file: string, options: { set: string[] }) =>
      withApp(file, options.set, async ({ app, baseDir }) => {
        for (const job of app.jobs) {
          const runnable = await openJob(job, { baseDir, log: createLogger('warn') });
          await runnable.close();
        }
        process.stdout.write(`${file}: OK (${app.jobs.length} job${app.jobs.length === 1 ? '' : 's'})\n`);
      }),
  );
}
