import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { packageVersion } from './version.js';

/** The `ferris` program: the sub-command being run registers itself from `commands/` (see `registerCommands`). */
const program = new Command('ferris')
  .description('FerrisStreams for TypeScript: streaming SQL over Kafka topics and files')
  .version(packageVersion(), '-V, --version', 'print the version of ferris')
  .showHelpAfterError();

registerCommands(program, process.argv.slice(2))
  .then(() => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    process.stderr.write(`ferris: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
