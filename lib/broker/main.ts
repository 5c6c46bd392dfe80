import { parseArgs } from 'node:util';
import { brokerOptionsFromFlags } from './flags.js';
import { runBrokerProcess } from './run.js';

/**
 * Stand-alone entry (`node dist/lib/broker/main.js --port 0 --data-dir DIR`), used to run the
 * broker as a child process in tests and benchmarks; same flags as `ferris broker`.
 */
const { values } = parseArgs({
  options: {
    'host': { type: 'string' },
    'advertised-host': { type: 'string' },
    'port': { type: 'string' },
    'data-dir': { type: 'string' },
    'default-partitions': { type: 'string' },
    'auto-create-topics': { type: 'string' },
    'group-min-session-timeout-ms': { type: 'string' },
    'transaction-max-timeout-ms': { type: 'string' },
    'retention-bytes': { type: 'string' },
  },
});

async function main(): Promise<void> {
  await runBrokerProcess(brokerOptionsFromFlags({
    host: values.host,
    advertisedHost: values['advertised-host'],
    port: values.port,
    dataDir: values['data-dir'],
    defaultPartitions: values['default-partitions'],
    autoCreateTopics: values['auto-create-topics'],
    groupMinSessionTimeoutMs: values['group-min-session-timeout-ms'],
    transactionMaxTimeoutMs: values['transaction-max-timeout-ms'],
    retentionBytes: values['retention-bytes'],
  }));
}

main().catch((error: unknown) => {
  process.stderr.write(`broker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
