import { createRequire } from 'node:module';
import { isReproducedKafkajs } from './produceRequest/kafkajsProduceEncoding.js';

const require = createRequire(import.meta.url);

/** What this reads of kafkajs's consumer group (`src/consumer/consumerGroup.js`). */
interface ConsumerGroupInternals {
  readonly maxWaitTime: number;
  readonly subscriptionState: { active(): readonly { readonly partitions: readonly number[] }[] };
  fetch(nodeId: number): Promise<unknown[]>;
  resume(topicPartitions: unknown): void;
}

/** The wakes of each consumer group's fetches (one a broker) waiting with every partition paused. */
const waiting = new WeakMap<ConsumerGroupInternals, Set<() => void>>();
let installed: boolean | undefined;

/** Whether `group` has partitions assigned and every one of them is paused. */
function allPaused(group: ConsumerGroupInternals): boolean {
  const active = group.subscriptionState.active();
  return active.length > 0 && active.every(({ partitions }) => partitions.length === 0);
}

/** Resolves after `ms`, or as soon as `group` is resumed. */
function untilResumedOr(group: ConsumerGroupInternals, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const wakes = waiting.get(group) ?? new Set<() => void>();
    waiting.set(group, wakes);
    const done = (): void => {
      clearTimeout(timer);
      wakes.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    wakes.add(done);
  });
}

/**
 * Makes a kafkajs consumer whose partitions are all paused fetch again as soon as one is
 * resumed. kafkajs 2.2.4's fetch, finding nothing to fetch, sleeps `maxWaitTimeInMs` (the
 * source's `fetch.max.wait.ms`, 250 ms by default) whatever happens meanwhile. The Kafka
 * source pauses every partition while its buffer is full and resumes them at half: behind a
 * job that drains half the buffer sooner than that, the pipeline then waited for the sleep
 * (up to a tenth of a 300,000-record run). Ours waits the same time at most, and ends at the
 * first resume; the fetch then returns no batches, as kafkajs's does after its sleep, and
 * kafkajs's loop fetches again at once. Every kafkajs consumer of the process is affected,
 * which only ever makes a resumed consumer fetch sooner. Installed once, for the kafkajs
 * release it was checked against; returns whether it is.
 */
export function installKafkajsResumeWake(): boolean {
  if (installed !== undefined) return installed;
  installed = isReproducedKafkajs();
  if (!installed) return false;
  const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup.js') as { prototype: ConsumerGroupInternals };
  const { fetch, resume } = ConsumerGroup.prototype;
  ConsumerGroup.prototype.fetch = async function fetchUnlessAllPaused(this: ConsumerGroupInternals, nodeId: number): Promise<unknown[]> {
    if (!allPaused(this)) return fetch.call(this, nodeId);
    await untilResumedOr(this, this.maxWaitTime);
    return [];
  };
  ConsumerGroup.prototype.resume = function resumeAndWake(this: ConsumerGroupInternals, topicPartitions: unknown): void {
    resume.call(this, topicPartitions);
    for (const wake of [...(waiting.get(this) ?? [])]) wake();
  };
  return true;
}
