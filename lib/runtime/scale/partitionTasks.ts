import type { Batch, Consumer } from 'kafkajs';
import type { Logger } from '../logger.js';
import { isRetriable } from '../restart/retriableError.js';

/**
 * How long a task fenced while the group still assigns its partition here may wait for the
 * rebalance that moves the partition away, before the job fails as a zombie.
 */
export const FENCED_GRACE_MS = 5000;

/** The work of one input partition of a scaled-out job, in the process that holds the partition. */
export interface PartitionTask {
  /** Takes a fetched batch of the task's partition (resolving the offsets it took). */
  take(batch: Batch, isStale: () => boolean, resolveOffset: (offset: string) => void): Promise<void>;
  /** The group rebalanced and the task kept its partition: the consumer fetches again from the group's offsets, behind the task. */
  rejoined(): void;
  /** Resolves when the task has ended by itself (never, until stopped) and rejects when it failed. */
  readonly done: Promise<void>;
  /**
   * Ends the task: what it read is committed with a last checkpoint where it can be, then it
   * closes. With `drain`, open windows are emitted first (a job stopped with drain); a revoked
   * task keeps them in its checkpoint, for the partition's next owner.
   */
  stop(drain: boolean): Promise<void>;
}

/** Opens the task of a partition: restores its checkpoint and seeks its partition; resolves once it can take batches. */
export type PartitionTaskOpener = (topic: string, partition: number) => Promise<PartitionTask>;

const keyOf = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** Whether an error is a producer's fencing: another process took the task over and its transactions win. */
export function isFenced(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const type = (e as { type?: unknown }).type;
    if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED' || /fenced/i.test(e.message)) return true;
  }
  return false;
}

/**
 * The tasks of one consumer of a scaled-out job (Kafka Streams' stream threads and tasks, on
 * kafkajs): the consumer is in the job's group, and each partition the group assigns it
 * becomes a task, opened on assignment and stopped on revocation (kafkajs tells an
 * assignment by its `GROUP_JOIN` event; partitions missing from the new one were revoked).
 * A partition's batches wait (paused) until its task is open, i.e. has fenced the
 * partition's previous owner, restored its checkpoint and sought its partition. A task that
 * fails fails the job (which restarts when the failure is retriable, e.g. a transaction the
 * coordinator aborted on its timeout), unless it was revoked or fenced by the partition's new
 * owner, which redoes what it had not committed. A fenced task stops at once; if no rebalance
 * moves its partition away within {@link FENCED_GRACE_MS}, another instance outside this
 * group writes with the job's transactional ids, and the job fails as a zombie.
 */
export class PartitionTasks {
  private readonly tasks = new Map<string, { topic: string; partition: number; task: PartitionTask | undefined; opening: Promise<void> }>();
  /** Assignments are applied one after the other. */
  private reconciling: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Tasks fenced while their partition was still assigned here, with the timer failing the job unless a rebalance moves it. */
  private readonly fenced = new Map<string, ReturnType<typeof setTimeout>>();
  private onJoined: () => void = () => undefined;
  /** Resolves once the first assignment's tasks are open. */
  readonly joined: Promise<void> = new Promise((resolve) => (this.onJoined = resolve));

  constructor(
    /** The consumer's partition flow control (the consumer itself). */
    private readonly consumer: Pick<Consumer, 'pause' | 'resume'>,
    private readonly openTask: PartitionTaskOpener,
    private readonly log: Logger,
    private readonly fail: (error: unknown) => void,
  ) {}

  /** The partitions this process holds now, as `topic-partition`. */
  held(): string[] {
    return [...this.tasks.values()].map((t) => `${t.topic}-${t.partition}`).sort();
  }

  /** The tasks that are open now. */
  running(): PartitionTask[] {
    return [...this.tasks.values()].flatMap((t) => (t.task === undefined ? [] : [t.task]));
  }

  /** Routes a fetched batch to its partition's task; a partition whose task is not open yet is paused (its task resumes it). */
  async take(batch: Batch, isStale: () => boolean, resolveOffset: (offset: string) => void): Promise<void> {
    const entry = this.tasks.get(keyOf(batch.topic, batch.partition));
    if (entry?.task === undefined) {
      this.consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
      return;
    }
    await entry.task.take(batch, isStale, resolveOffset);
  }

  /** The consumer joined its group with this assignment: opens the tasks of new partitions, stops those of revoked ones. */
  assigned(assignment: { readonly [topic: string]: readonly number[] }): void {
    const wanted = new Map(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => [keyOf(topic, p), { topic, partition: p }] as const)));
    for (const { topic, partition } of wanted.values()) {
      const key = keyOf(topic, partition);
      if (!this.tasks.has(key)) this.consumer.pause([{ topic, partitions: [partition] }]);
    }
    this.reconciling = this.reconciling.then(() => this.reconcile(wanted)).then(this.onJoined, this.fail);
  }

  private async reconcile(wanted: ReadonlyMap<string, { topic: string; partition: number }>): Promise<void> {
    if (this.stopped) return;
    for (const [key, timer] of this.fenced) {
      clearTimeout(timer);
      this.fenced.delete(key);
      // Assigned here again: this process is the partition's owner; its task opens again below.
      if (wanted.has(key)) this.log('info', 'a fenced task\'s partition is assigned here again: its task opens again', { partition: key.replace('\u0000', '-') });
    }
    const revoked = [...this.tasks].filter(([key]) => !wanted.has(key));
    for (const [key] of revoked) this.tasks.delete(key);
    for (const [, entry] of this.tasks) entry.task?.rejoined();
    await Promise.all(revoked.map(([, entry]) => this.stopTask(entry, 'revoked', false)));
    const added = [...wanted].filter(([key]) => !this.tasks.has(key));
    for (const [key, { topic, partition }] of added) {
      const entry: { topic: string; partition: number; task: PartitionTask | undefined; opening: Promise<void> } = { topic, partition, task: undefined, opening: Promise.resolve() };
      entry.opening = this.openTask(topic, partition).then((task) => {
        if (this.tasks.get(key) !== entry) return task.stop(false);
        entry.task = task;
        task.done.catch((error: unknown) => this.taskFailed(key, entry, error));
        this.consumer.resume([{ topic, partitions: [partition] }]);
      });
      this.tasks.set(key, entry);
    }
    await Promise.all(added.map(([, { topic, partition }]) => this.tasks.get(keyOf(topic, partition))!.opening));
    const names = (entries: readonly (readonly [string, { topic: string; partition: number }])[]): string => entries.map(([, e]) => `${e.topic}-${e.partition}`).join(',') || 'none';
    this.log('info', 'assignment applied: revoked tasks committed and closed, assigned ones restored and running', { revoked: names(revoked), assigned: names(added), held: this.held().join(',') || 'none' });
  }

  private taskFailed(key: string, entry: { topic: string; partition: number }, error: unknown): void {
    if (this.tasks.get(key) !== entry) return;
    if (isFenced(error) && !isRetriable(error)) {
      // Another process holds the partition now (the group moved it before this one saw the rebalance).
      this.tasks.delete(key);
      this.log('warn', "task fenced by the partition's new owner: it stops here", { partition: `${entry.topic}-${entry.partition}`, grace_ms: FENCED_GRACE_MS });
      const timer = setTimeout(() => {
        this.fenced.delete(key);
        if (!this.stopped) this.fail(error);
      }, FENCED_GRACE_MS);
      timer.unref();
      this.fenced.set(key, timer);
      return;
    }
    this.fail(error);
  }

  private async stopTask(entry: { topic: string; partition: number; task: PartitionTask | undefined; opening: Promise<void> }, why: 'revoked' | 'stopped', drain: boolean): Promise<void> {
    await entry.opening.catch(() => undefined);
    try {
      await entry.task?.stop(drain);
    } catch (error) {
      if (!isFenced(error) && why !== 'revoked') throw error;
      this.log('info', `the ${why} task's last checkpoint was not committed; the partition's new owner redoes it`, { partition: `${entry.topic}-${entry.partition}`, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Stops every task (each commits a last checkpoint, after emitting its open windows with `drain`) once the assignments under way are applied. */
  async stop(drain: boolean): Promise<void> {
    await this.reconciling;
    this.stopped = true;
    for (const timer of this.fenced.values()) clearTimeout(timer);
    this.fenced.clear();
    const entries = [...this.tasks.values()];
    this.tasks.clear();
    await Promise.all(entries.map((entry) => this.stopTask(entry, 'stopped', drain)));
  }
}
