/** The public surface of `ferris broker` for code and tests that run it in-process. */
export { startBroker, type RunningBroker } from './broker.js';
export type { BrokerOptions } from './options.js';
export type { FaultAction, FaultRule } from './faults.js';
