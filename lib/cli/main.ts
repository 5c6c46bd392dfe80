import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { packageVersion } from './version.js';

/** The `ferris` program: every sub-command registers itself from `commands/`. */
const program = new Command('ferris')
  .description('FerrisStreams for TypeScript: streaming SQL over Kafka topics and files')
  .version(packageVersion(), '-V, --version', 'print the version of ferris')
  .showHelpAfterError();

registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`ferris: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
