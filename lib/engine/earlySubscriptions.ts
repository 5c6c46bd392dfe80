import { BufferedSubscription } from '../connectors/memory/observableBatches.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import type { Row } from '../types/value.js';

/** The connector type of registered streams. */
export const MEMORY_TYPE = 'memory';

/**
 * Subscriptions to the Observable inputs of the registered streams some jobs read, made when
 * the query starts (synchronously, in `subscribe()` or `run()`) rather than when the job's
 * sources open a few ticks later: a hot Subject that pushes right away loses nothing, its
 * batches wait until the source reads them. Each source reading a stream takes one.
 */
export class EarlySubscriptions {
  private readonly waiting = new Map<string, BufferedSubscription<Row[]>[]>();
  private readonly made: BufferedSubscription<Row[]>[] = [];

  /** Subscribes, for every memory source of `jobs`, to what `subscribe` gives for its stream (undefined: not an Observable). */
  constructor(jobs: readonly JobSpec[], subscribe: (stream: string) => BufferedSubscription<Row[]> | undefined) {
    for (const job of jobs) {
      for (const spec of job.sources.values()) {
        const stream = spec.type === MEMORY_TYPE ? spec.properties.get('stream') : undefined;
        const subscription = stream === undefined ? undefined : subscribe(stream);
        if (stream === undefined || subscription === undefined) continue;
        this.made.push(subscription);
        const queue = this.waiting.get(stream);
        if (queue) queue.push(subscription);
        else this.waiting.set(stream, [subscription]);
      }
    }
  }

  /** The next subscription made for `stream`, or undefined when none is left. */
  take(stream: string): BufferedSubscription<Row[]> | undefined {
    return this.waiting.get(stream)?.shift();
  }

  /** Ends every subscription made (those read to the end are ended already). */
  release(): void {
    for (const subscription of this.made) subscription.unsubscribe();
  }
}
