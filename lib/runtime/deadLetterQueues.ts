import { DeadLetterFile, type DeadLetter } from '../connectors/deadLetterFile.js';
import type { RawRecord } from '../connectors/types.js';
import { FerrisError } from '../types/errors.js';
import type { Logger } from './logger.js';

/** Where dead letters go: the JSON-lines file, or a Kafka topic. */
export interface DeadLetterQueue {
  /** Where, for people: the file path or `topic NAME`. */
  readonly target: string;
  /** Writes one letter; a promise when it is durable later (a topic: once the broker acknowledged it). */
  write(letter: DeadLetter, record?: RawRecord): void | Promise<void>;
  /** Resolves once every letter sent to a topic so far is acknowledged (a file's letters are written out as its buffer fills and when it closes). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A dead-letter topic whose Kafka module (and kafkajs) loads with the first letter, so that a
 * job without bad records, or without Kafka, never loads it. Letters of rows whose evaluation
 * failed are not awaited by their writer: the offset committer awaits `flush` before each
 * commit, and a failed send is kept and thrown by the next write, `flush` and `close`.
 */
export class LazyDeadLetterTopic implements DeadLetterQueue {
  readonly target: string;
  private topic: Promise<import('../connectors/kafka/deadLetterTopic.js').DeadLetterTopic> | undefined;
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly name: string,
    private readonly brokers: readonly string[],
    private readonly log: Logger,
  ) {
    this.target = `topic ${name}`;
  }

  /** Sends a letter (loading the Kafka module with the first); resolves once the broker acknowledged it. */
  write(letter: DeadLetter, record?: RawRecord): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.topic ??= import('../connectors/kafka/deadLetterTopic.js').then((m) => new m.DeadLetterTopic(this.name, this.brokers, this.log));
    const sent = this.topic.then((topic) => topic.write(letter, record));
    const tracked = sent.catch((error: unknown) => {
      this.failure ??= new FerrisError('IO', `cannot write to the dead-letter topic ${this.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return sent;
  }

  /** Waits for every letter sent so far; throws the first failed send. */
  async flush(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for every letter sent, disconnects, and throws the first failed send. */
  async close(): Promise<void> {
    await Promise.all(this.pending);
    if (this.topic !== undefined) await (await this.topic).close();
    if (this.failure !== undefined) throw this.failure;
  }
}

/** The dead-letter file as a queue (opened now, so a path that cannot be written fails the job at once). */
export function deadLetterFileQueue(path: string): DeadLetterQueue {
  const file = new DeadLetterFile(path);
  return { target: 'file', write: (letter) => file.write(letter), flush: async () => undefined, close: () => file.close() };
}
