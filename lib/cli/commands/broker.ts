import type { Command } from 'commander';
import { brokerOptionsFromFlags, type BrokerFlags } from '../../broker/flags.js';
import { runBrokerProcess } from '../../broker/run.js';

/** Adds `ferris broker`: a single-node broker speaking the Kafka wire protocol. */
export function registerBrokerCommand(program: Command): void {
  program
    .command('broker')
    .description('run a single-node broker speaking the Kafka wire protocol (logs to stderr)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--advertised-host <host>', 'host clients are told to connect to (default: --host, or 127.0.0.1 for 0.0.0.0)')
    .option('--port <port>', 'TCP port (0 picks a free one)', '9092')
    .option('--data-dir <dir>', 'keep logs, offsets and transactions here (default: memory only)')
    .option('--default-partitions <n>', 'partitions of auto-created topics', '1')
    .option('--auto-create-topics <bool>', 'create unknown topics on Metadata: true|false', 'true')
    .option('--group-min-session-timeout-ms <ms>', 'smallest accepted consumer session timeout', '6000')
    .option('--transaction-max-timeout-ms <ms>', 'largest accepted transaction timeout', '900000')
    .option('--retention-bytes <n>', 'bytes kept per partition before the oldest batches are dropped (-1: all)', '-1')
    .action(async (flags: BrokerFlags) => {
      await runBrokerProcess(brokerOptionsFromFlags(flags));
    });
}
