import type { Command } from 'commander';
import { registerBrokerCommand } from './broker.js';
import { registerCheckCommand } from './check.js';
import { registerExplainCommand } from './explain.js';
import { registerParseCommand } from './parse.js';
import { registerRunCommand } from './run.js';

/** A sub-command module: adds itself to the program. */
export type CommandRegistration = (program: Command) => void;

const registrations: readonly CommandRegistration[] = [
  registerRunCommand,
  registerCheckCommand,
  registerParseCommand,
  registerExplainCommand,
  registerBrokerCommand,
];

/** Adds every `ferris` sub-command to the program. */
export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
