import type { Batch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isFenced, PartitionTasks, type PartitionTask } from '../../../lib/runtime/scale/partitionTasks.js';

/** A fake task recording what it was told. */
function recordingTask(name: string, log: string[], done: Promise<void> = new Promise(() => undefined)): PartitionTask {
  return {
    done,
    take: async (batch) => void log.push(`${name} takes ${batch.topic}-${batch.partition}`),
    rejoined: () => void log.push(`${name} rejoined`),
    stop: async (drain) => void log.push(`${name} stops${drain ? ' with drain' : ''}`),
  };
}

const batchOf = (topic: string, partition: number): Batch => ({ topic, partition, messages: [] }) as unknown as Batch;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const log: string[] = [];
  const failures: unknown[] = [];
  const consumer = {
    pause: (topics: { topic: string; partitions?: number[] }[]) => void log.push(`pause ${topics.map((t) => `${t.topic}-${t.partitions?.join(',')}`).join()}`),
    resume: (topics: { topic: string; partitions?: number[] }[]) => void log.push(`resume ${topics.map((t) => `${t.topic}-${t.partitions?.join(',')}`).join()}`),
  };
  let opened = 0;
  const tasks = new PartitionTasks(consumer, async (topic, partition) => recordingTask(`task${++opened}(${topic}-${partition})`, log), () => undefined, (error) => failures.push(error));
  return { log, failures, tasks };
}

describe('PartitionTasks: tasks follow the group\'s assignment', () => {
  it('opens a task per assigned partition, pausing it until the task is open, then routes its batches to it', async () => {
    const { log, tasks } = setup();
    tasks.assigned({ t: [0, 1] });
    await tasks.take(batchOf('t', 0), () => false, () => undefined);
    await tasks.joined;
    await tasks.take(batchOf('t', 1), () => false, () => undefined);
    expect(log).toEqual(['pause t-0', 'pause t-1', 'pause t-0', 'resume t-0', 'resume t-1', 'task2(t-1) takes t-1']);
    expect(tasks.held()).toEqual(['t-0', 't-1']);
  });

  it('a batch of a partition it holds no task for (stale, or not open yet) is paused, not taken', async () => {
    const { log, tasks } = setup();
    await tasks.take(batchOf('t', 3), () => false, () => undefined);
    expect(log).toEqual(['pause t-3']);
  });

  it('on a new assignment: revoked tasks stop without drain (their open windows go to the next owner in their checkpoint), kept ones rejoin, new ones open', async () => {
    const { log, tasks } = setup();
    tasks.assigned({ t: [0, 1] });
    await tasks.joined;
    log.length = 0;
    tasks.assigned({ t: [1, 2] });
    await tasks.stop(true);
    expect(log).toEqual(['pause t-2', 'task2(t-1) rejoined', 'task1(t-0) stops', 'resume t-2', 'task2(t-1) stops with drain', 'task3(t-2) stops with drain']);
    expect(tasks.held()).toEqual([]);
  });

  it('a task that fails fails the job, unless it was fenced (its partition is another process\'s now)', async () => {
    const log: string[] = [];
    const failures: unknown[] = [];
    const fenced = Object.assign(new Error('Producer attempted an operation with an old epoch'), { type: 'INVALID_PRODUCER_EPOCH' });
    const broken = new Error('disk full');
    const outcomes = [Promise.reject(fenced), Promise.reject(broken)];
    const tasks = new PartitionTasks({ pause: () => undefined, resume: () => undefined }, async (topic, p) => recordingTask(`${topic}-${p}`, log, outcomes[p]!), () => undefined, (e) => failures.push(e));
    tasks.assigned({ t: [0, 1] });
    await tasks.joined;
    await settle();
    expect(failures).toEqual([broken]);
    expect(tasks.held()).toEqual(['t-1']);
    expect(isFenced(fenced)).toBe(true);
    expect(isFenced(broken)).toBe(false);
  });
});
