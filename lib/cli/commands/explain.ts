import type { Command } from 'commander';
import { describeJobGraph } from '../../plan/app/jobGraph.js';
import { explainJob } from '../../runtime/commands.js';
import { createLogger } from '../../runtime/logger.js';
import { setOption, withApp } from '../sqlFile.js';

/** `ferris explain APP.sql`: the graph of jobs when some read others' output, then the logical and physical plan of every job, as indented text. */
export function registerExplainCommand(program: Command): void {
  setOption(program.command('explain').description('print the logical and physical plans of every job of a SQL file').argument('<app.sql>', 'the SQL application')).action(
    (file: string, options: { set: string[] }) =>
      withApp(file, options.set, async ({ app, baseDir }) => {
        process.stdout.write(describeJobGraph(app.jobs));
        for (const job of app.jobs) process.stdout.write(await explainJob(job, { baseDir, log: createLogger('warn') }, app.jobs));
      }),
  );
}
