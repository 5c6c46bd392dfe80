import { Worker } from 'node:worker_threads';
import type { KafkaBenchJob } from './kafkaJobWorker.js';

/**
 * Starts `job` in a worker thread of its own (kafkaJobWorker.ts); resolves once it runs, with a
 * function that drains and ends it. A job there has its own event loop and its own module
 * cache: what it installs into kafkajs (our Produce encoding, our record batch decoding) stays
 * out of the kafkajs of the benchmark's thread, where the peers and the instruments run.
 */
export async function startJob(job: KafkaBenchJob): Promise<() => Promise<void>> {
  const worker = new Worker(new URL('./kafkaJobWorker.js', import.meta.url), { workerData: job });
  const messages: string[] = [];
  let wake: (() => void) | undefined;
  worker.on('message', (m: string) => {
    messages.push(m);
    wake?.();
  });
  worker.on('error', (error) => {
    messages.push(`failed: ${error.message}`);
    wake?.();
  });
  const next = async (): Promise<string> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift()!;
  };
  const first = await next();
  if (first !== 'running') throw new Error(`the job did not start: ${first}`);
  return async () => {
    worker.postMessage('stop');
    const last = await next();
    if (last !== 'stopped') throw new Error(`the job ${last}`);
  };
}
