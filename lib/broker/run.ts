import { startBroker, type RunningBroker } from './broker.js';
import type { BrokerOptions } from './options.js';

/** Starts a broker for a process's lifetime: SIGINT or SIGTERM close it cleanly, then the process exits. */
export async function runBrokerProcess(options: BrokerOptions): Promise<RunningBroker> {
  const broker = await startBroker(options);
  const stop = (signal: NodeJS.Signals): void => {
    process.stderr.write(`broker: ${signal} received, closing\n`);
    void broker.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return broker;
}
