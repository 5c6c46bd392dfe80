import type { Command } from 'commander';
import { BROKER_FLAGS, brokerOptionsFromFlags, type BrokerFlags } from '../../broker/flags.js';
import { runBrokerProcess } from '../../broker/run.js';

/** Adds `ferris broker`: a single-node broker speaking the Kafka wire protocol. */
export function registerBrokerCommand(program: Command): void {
  const command = program
    .command('broker')
    .description('run a single-node broker speaking the Kafka wire protocol (logs to stderr)');
  for (const flag of BROKER_FLAGS) command.option(`--${flag.name} <${flag.value}>`, flag.description, flag.default);
  command.action(async (flags: BrokerFlags) => {
    await runBrokerProcess(brokerOptionsFromFlags(flags));
  });
}
