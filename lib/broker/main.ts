import { parseArgs } from 'node:util';
import { BROKER_FLAGS, brokerOptionsFromFlags, type BrokerFlags } from './flags.js';
import { runBrokerProcess } from './run.js';

/**
 * Stand-alone entry (`node dist/lib/broker/main.js --port 0 --data-dir DIR`), used to run the
 * broker as a child process in tests and benchmarks; same flags as `ferris broker`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: Object.fromEntries(BROKER_FLAGS.map((f) => [f.name, { type: 'string' as const }])) });
  const flags: BrokerFlags = Object.fromEntries(BROKER_FLAGS.map((f) => [f.key, values[f.name]]));
  await runBrokerProcess(brokerOptionsFromFlags(flags));
}

main().catch((error: unknown) => {
  process.stderr.write(`broker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
