import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FerrisError } from '../../../types/errors.js';
import type { Logger } from '../../../runtime/logger.js';
import type { ProducerReply, ProducerRequest } from './protocol.js';

/** The file of the thread's module beside this one (`.js` in the library, `.cjs` in the command's bundle). */
function producerWorkerFile(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Run from the TypeScript sources (the specs): Node runs the module compiled by `npm run build`.
    const compiled = new URL(here.replace(/\/lib\/connectors\/kafka\/producerThread\/producerThread\.ts$/, '/dist/lib/connectors/kafka/producerThread/producerWorker.js'));
    if (!existsSync(compiled)) throw new FerrisError('INTERNAL', `the Kafka sinks' producer thread runs ${fileURLToPath(compiled)}, which is not built: run npm run build (or set the sink's 'producer.thread' = 'false')`);
    return compiled;
  }
  return new URL(`./producerWorker${here.slice(here.lastIndexOf('.'))}`, here);
}

/** A request without its id (given by {@link ProducerThread.call}). */
export type ThreadRequest = ProducerRequest extends infer R ? (R extends ProducerRequest ? Omit<R, 'id'> : never) : never;

/** An answer to one request. */
export type ThreadReply = Extract<ProducerReply, { kind: 'reply' }>;

/** How long a thread without producers stays up for the next one (a restart, a rebalance's new tasks). */
const IDLE_MS = 30_000;

/** Where a producer goes among the process's producer threads. */
export interface ThreadPlacement {
  /** How many threads the producer may use (the sink's `producer.threads`): the first this many of the pool. */
  readonly threads: number;
  /** The lane of a sink spread over several threads: thread `lane % threads`; without it, the one with the fewest producers. */
  readonly lane?: number;
}

/** One thread, no lane: where a producer goes unless told otherwise. */
export const ONE_THREAD: ThreadPlacement = { threads: 1 };

/**
 * One of the process's producer threads: a worker holding Kafka sinks' producers (see
 * producerWorker.ts), started by {@link warm} or the first producer placed on it, and ended
 * once it has had no producer for 30 s. The pool grows to the most threads a sink asks for
 * (`producer.threads`). Requests are answered by id; log lines go to the logger of the
 * producer they are about. The worker does not keep the process alive while no request waits
 * for an answer.
 */
export class ProducerThread {
  /** The pool by index; a slot is empty until a producer or {@link warm} starts it, and again once it ended. */
  private static readonly pool: (ProducerThread | undefined)[] = [];
  private idle: NodeJS.Timeout | undefined;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (reply: ThreadReply) => void; reject: (error: unknown) => void }>();
  private readonly loggers = new Map<number, Logger>();
  private nextId = 0;
  private nextProducer = 0;
  private failure: unknown;

  private constructor(private readonly index: number) {
    this.worker = new Worker(producerWorkerFile());
    this.worker.unref();
    this.worker.on('message', (reply: ProducerReply) => this.received(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new FerrisError('KAFKA', `the Kafka sinks' producer thread exited (code ${code})`, { retriable: true })));
  }

  /**
   * Starts the first `threads` threads unless they run, without waiting: a worker takes a few
   * hundred milliseconds to load kafkajs, which then overlap with opening the job's sources.
   */
  static warm(threads = 1): void {
    for (let index = 0; index < threads; index++) ProducerThread.running(index).endWhenIdle();
  }

  /** The thread `placement` picks, with a new producer number logging to `log`. */
  static join(log: Logger, placement: ThreadPlacement = ONE_THREAD): { thread: ProducerThread; producer: number } {
    const thread = ProducerThread.running(placement.lane === undefined ? ProducerThread.leastLoaded(placement.threads) : placement.lane % placement.threads);
    const producer = thread.nextProducer++;
    thread.loggers.set(producer, log);
    return { thread, producer };
  }

  /** The index among the first `threads` whose thread holds the fewest producers (one not running holds none). */
  private static leastLoaded(threads: number): number {
    let best = 0;
    let fewest = Number.POSITIVE_INFINITY;
    for (let index = 0; index < threads; index++) {
      const held = ProducerThread.pool[index]?.loggers.size ?? 0;
      if (held < fewest) [best, fewest] = [index, held];
    }
    return best;
  }

  /** The thread at `index`; a new one if there is none, or if the last one failed. */
  private static running(index: number): ProducerThread {
    const current = ProducerThread.pool[index];
    if (current !== undefined && current.failure === undefined) return current;
    const started = new ProducerThread(index);
    ProducerThread.pool[index] = started;
    return started;
  }

  /** Forgets producer `producer` (disconnected); the thread ends once it has had no producer for a while. */
  leave(producer: number): void {
    this.loggers.delete(producer);
    this.endWhenIdle();
  }

  /** Ends the thread in {@link IDLE_MS} unless a producer holds it then. */
  private endWhenIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.loggers.size > 0) return;
      if (ProducerThread.pool[this.index] === this) ProducerThread.pool[this.index] = undefined;
      void this.worker.terminate();
    }, IDLE_MS).unref();
  }

  /** Sends `request` to the thread and resolves with its answer, which holds the error its producer met, if any; rejects if the thread itself failed. */
  call(request: ThreadRequest): Promise<ThreadReply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const reply = new Promise<ThreadReply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    // Kept alive while a job waits for an answer, as a producer's own sockets would keep it.
    if (this.waiting.size === 1) this.worker.ref();
    this.worker.postMessage({ ...request, id } as ProducerRequest);
    return reply;
  }

  private received(reply: ProducerReply): void {
    if (reply.kind === 'log') {
      this.loggers.get(reply.producer)?.(reply.level, reply.message, reply.fields);
      return;
    }
    const waiter = this.waiting.get(reply.id);
    if (waiter === undefined) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    waiter.resolve(reply);
  }

  private failAll(error: unknown): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.failure);
    this.waiting.clear();
  }
}
