import type { Command } from 'commander';
import { registerBrokerCommand } from './broker.js';

/** A sub-command module: adds itself to the program. */
export type CommandRegistration = (program: Command) => void;

const registrations: CommandRegistration[] = [];
registrations.push(registerBrokerCommand);

/** Adds every `ferris` sub-command to the program. */
export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
