import type { JobSpec } from '../../plan/app/analyzeApp.js';
import type { JobOutputShape } from '../../plan/app/inProcessSources.js';
import { FerrisError } from '../../types/errors.js';
import type { Message } from '../../types/message.js';

/**
 * One reader of a job's output: a bounded queue of the messages the job emitted that the
 * reader has not taken yet. A full queue makes the writer wait, so a slow reader slows the
 * job it reads instead of filling memory.
 */
export class OutputReader {
  private readonly queue: Message[] = [];
  /** Resolves the reader's pending `next` when a message, the end or a failure arrives. */
  private wake: (() => void) | undefined;
  /** Writers waiting for room, resolved as the reader takes messages. */
  private readonly writers: Array<() => void> = [];
  private ended = false;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly detach: (reader: OutputReader) => void,
  ) {}

  /** Queues a message; resolves once the queue has room again (at once when it has). */
  push(message: Message): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.queue.push(message);
    this.notify();
    if (this.queue.length < this.capacity) return Promise.resolve();
    return new Promise<void>((resolve) => this.writers.push(resolve));
  }

  /** The writer's output ended (`error` undefined) or failed. */
  finish(error: Error | undefined): void {
    this.ended = true;
    this.failure = error;
    this.notify();
  }

  /** The next message; undefined once the output ended and everything was taken; rejects if it failed. */
  async next(): Promise<Message | undefined> {
    for (;;) {
      const message = this.queue.shift();
      if (message !== undefined) {
        this.writers.shift()?.();
        return message;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended || this.closed) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The reader is gone (its job ended or failed): waiting writers go on, later messages are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    for (const writer of this.writers.splice(0)) writer();
    this.detach(this);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * A job's output as the other jobs of the application read it in process: every message the
 * job's graph emits (rows, watermarks, barriers, in order) goes to each reader, and the job's
 * sink stage waits until every reader has room (backpressure across the chain). The job's own
 * sink, if it has one, still receives its rows.
 */
export class JobOutput {
  private readonly readers: OutputReader[] = [];
  private done = false;

  /**
   * @param spec the job (its sources completed from the jobs it reads).
   * @param shape its output columns, key and kind.
   * @param bounded whether the job ends by itself.
   * @param capacity how many messages a reader may have queued before the job waits.
   */
  constructor(
    readonly spec: JobSpec,
    readonly shape: JobOutputShape,
    readonly bounded: boolean,
    private readonly capacity = 4,
  ) {}

  /** A new reader; it receives every message sent from now on. Readers attach before the job runs. */
  reader(): OutputReader {
    if (this.done) throw new FerrisError('INTERNAL', `the output of job ${this.spec.name} has ended: no reader can attach`);
    const reader = new OutputReader(this.capacity, (r) => this.readers.splice(this.readers.indexOf(r), 1));
    this.readers.push(reader);
    return reader;
  }

  /** Sends a message to every reader; resolves once each has room for the next. */
  async send(message: Message): Promise<void> {
    await Promise.all(this.readers.map((reader) => reader.push(message)));
  }

  /** The job ended: each reader ends once it has taken what was sent. */
  end(): void {
    this.finish(undefined);
  }

  /** The job failed: each reader fails with an error naming it. */
  fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.finish(new FerrisError('IO', `job ${this.spec.name}, whose output this job reads, failed: ${message}`, { cause: error }));
  }

  private finish(error: Error | undefined): void {
    if (this.done) return;
    this.done = true;
    for (const reader of this.readers) reader.finish(error);
  }
}
