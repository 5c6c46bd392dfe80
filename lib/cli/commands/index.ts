import type { Command } from 'commander';

/** A sub-command module: adds itself to the program. */
export type CommandRegistration = (program: Command) => void;

/**
 * Every `ferris` sub-command by name, each behind a lazy `import()`: a command's module (and
 * everything it imports: the runtime, the broker, the checker) is loaded only when that command
 * runs, or when the help lists them all. The order is the order of `ferris --help`.
 */
const commands: ReadonlyMap<string, () => Promise<CommandRegistration>> = new Map([
  ['run', async () => (await import('./run.js')).registerRunCommand],
  ['check', async () => (await import('./check.js')).registerCheckCommand],
  ['parse', async () => (await import('./parse.js')).registerParseCommand],
  ['explain', async () => (await import('./explain.js')).registerExplainCommand],
  ['broker', async () => (await import('./broker.js')).registerBrokerCommand],
  ['server', async () => (await import('./server.js')).registerServerCommand],
]);

/** The global flags that print something and exit without a sub-command. */
const VERSION_FLAGS: readonly string[] = ['-V', '--version'];

/**
 * The sub-commands `args` (the arguments after the script) need: the named command alone when
 * the first argument is one (`ferris run app.sql`); none for `--version`; every one otherwise
 * (no argument, `--help`, `help run`, an unknown command: the help and the did-you-mean list
 * them all).
 */
export function commandsNeeded(args: readonly string[]): string[] {
  const first = args[0];
  if (first !== undefined && commands.has(first)) return [first];
  if (first !== undefined && VERSION_FLAGS.includes(first)) return [];
  return [...commands.keys()];
}

/** Adds the sub-commands `args` need (see {@link commandsNeeded}) to the program, loading only their modules. */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const needed = commandsNeeded(args);
  const registrations = await Promise.all(needed.map((name) => commands.get(name)!()));
  for (const register of registrations) register(program);
}
