import type { Message } from 'kafkajs';
import { FerrisError } from '../../types/errors.js';

/** Sends one batch of messages to the sink's topic; resolves once the broker acknowledged them. */
export type SendMessages = (messages: Message[]) => Promise<void>;

/**
 * The most messages in one send. kafkajs groups a send's messages per partition by copying the
 * partition's array for every message (quadratic in the messages per partition), so one send of
 * 8,000 messages spent a third of a passthrough's time there; sends of up to 2,000 keep that
 * under a few percent.
 */
export const MAX_MESSAGES_PER_SEND = 2000;

/**
 * Messages waiting to be sent, at most this many times {@link MAX_MESSAGES_PER_SEND}, before
 * `add` waits for the send in flight (backpressure).
 */
const MAX_PENDING_SENDS = 2;

/** Kafka's producer batching, which kafkajs does not have. */
export interface ProducerBatching {
  /** Kafka's `batch.size`: the bytes (keys and values) that make a batch worth sending before `lingerMs`. */
  readonly batchBytes: number;
  /** Kafka's `linger.ms`: the longest a message waits for `batchBytes` to gather (0: it leaves as soon as no send is in flight). */
  readonly lingerMs: number;
}

const NO_LINGER: ProducerBatching = { batchBytes: 0, lingerMs: 0 };

/** The bytes of a message's key and value, as `batch.size` counts them (before compression). */
export function messageBytes(message: Message): number {
  return byteLength(message.value) + byteLength(message.key);
}

function byteLength(data: Buffer | string | null | undefined): number {
  if (data === null || data === undefined) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

/**
 * Sends the messages it is given with one send in flight at a time: messages added while a send
 * is in flight wait and leave together in the next send, in the order added, in sends of at most
 * {@link MAX_MESSAGES_PER_SEND}. With `linger.ms` 0 (the default) a message leaves as soon as no
 * send is in flight; with `linger.ms` > 0 messages wait until they reach `batch.size` bytes or
 * the first of them waited `linger.ms`, and a send carries at most `batch.size` bytes, as
 * Kafka's producer batches. `add` resolves once the
 * messages are queued (it waits while too many are); `flush` sends everything at once and
 * resolves once every message added was acknowledged; `acknowledged` resolves once the messages
 * added before it was called are, while later ones keep being added and sent. A failed send
 * fails the next `add`, `flush` and `acknowledged`. One send at a time keeps the order: a retry
 * cannot overtake a later send.
 *
 * ```text
 * linger.ms 0:
 * add:     a----b-c-d-----e----
 * sends:   [a]--[b c d]---[e]--   (each starts when the one before was acknowledged)
 *
 * linger.ms 8, batch.size 1000, messages of 400 bytes:
 * add:     -a-b--------c-d-e----
 * sends:   ---------[a b]--[c d e]
 *                   ^      ^ batch.size reached (e)
 *                   8 ms after a
 * ```
 */
export class CoalescingSender {
  private pending: Message[] = [];
  /** The bytes of `pending` (counted only when lingering). */
  private pendingBytes = 0;
  /** When the oldest pending message was added (lingering only). */
  private pendingSince = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Set by `flush`: what is pending leaves without lingering. */
  private flushing = false;
  private inFlight: Promise<void> | undefined;
  private failure: { readonly error: unknown } | undefined;
  /** Adds waiting for room, woken after each send. */
  private waiting: (() => void)[] = [];
  /** Messages added so far, and of those acknowledged (sends leave in order, so a prefix). */
  private added = 0;
  private acked = 0;
  /** {@link acknowledged} calls waiting for `acked` to reach their count. */
  private ackWaiters: { readonly upTo: number; readonly resolve: () => void; readonly reject: (error: unknown) => void }[] = [];

  constructor(
    private readonly send: SendMessages,
    private readonly batching: ProducerBatching = NO_LINGER,
  ) {}

  /** How many messages were added so far (less those discarded). */
  get addedCount(): number {
    return this.added;
  }

  /** How many of the messages added were acknowledged (always the first ones: sends leave in order). */
  get acknowledgedCount(): number {
    return this.acked;
  }

  /** Queues messages to be sent after those added before; resolves once queued. */
  async add(messages: readonly Message[]): Promise<void> {
    this.throwIfFailed();
    const lingering = this.batching.lingerMs > 0;
    if (lingering && this.pending.length === 0) this.pendingSince = Date.now();
    for (const message of messages) {
      this.pending.push(message);
      if (lingering) this.pendingBytes += messageBytes(message);
    }
    this.added += messages.length;
    this.startSending();
    while (this.pending.length >= MAX_PENDING_SENDS * MAX_MESSAGES_PER_SEND && this.failure === undefined) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.throwIfFailed();
  }

  /** Sends what waits at once and resolves once every message added was acknowledged; rejects with the failure of a send. */
  async flush(): Promise<void> {
    this.flushing = true;
    try {
      this.startSending();
      while (this.inFlight !== undefined) await this.inFlight;
    } finally {
      this.flushing = false;
    }
    this.throwIfFailed();
  }

  /**
   * Resolves once every message added before the call was acknowledged, without sending
   * anything sooner or holding back later adds (a commit of the positions read before them
   * waits for it while the writes go on); rejects with the failure of a send, or when those
   * messages were discarded.
   */
  acknowledged(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.acked >= this.added) return Promise.resolve();
    return new Promise((resolve, reject) => this.ackWaiters.push({ upTo: this.added, resolve, reject }));
  }

  /** Drops the messages not sent yet and waits for the send in flight to settle (its failure is not reported). */
  async discard(): Promise<void> {
    this.stopTimer();
    this.pending = [];
    this.pendingBytes = 0;
    await this.inFlight;
    this.added = this.acked;
    this.rejectAckWaiters(new FerrisError('IO', 'kafka_sink: messages were discarded before the broker acknowledged them'));
  }

  /** Starts the sending loop unless a send is in flight or the pending messages may still linger (then arms the timer). */
  private startSending(): void {
    if (this.inFlight !== undefined || this.pending.length === 0) return;
    if (!this.ready()) {
      this.armTimer();
      return;
    }
    this.stopTimer();
    const sending = this.drain().finally(() => {
      if (this.inFlight === sending) this.inFlight = undefined;
      if (this.failure === undefined) this.startSending();
    });
    this.inFlight = sending;
  }

  /** Whether the pending messages should leave now: no linger, a flush, a full batch, or the oldest waited `linger.ms`. */
  private ready(): boolean {
    const { lingerMs, batchBytes } = this.batching;
    return lingerMs === 0 || this.flushing || this.pendingBytes >= batchBytes || Date.now() - this.pendingSince >= lingerMs;
  }

  /** Sends the pending messages, a send at a time, while they are ready; a failure stops it and is kept. */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && this.failure === undefined && this.ready()) {
        const all = this.pending;
        const cut = this.sendLength();
        const messages = all.length <= cut ? all : all.slice(0, cut);
        this.pending = all.length <= cut ? [] : all.slice(cut);
        if (this.batching.lingerMs > 0) this.sent(messages);
        await this.send(messages);
        this.acked += messages.length;
        this.wakeWaiting();
        this.resolveAckWaiters();
      }
    } catch (error) {
      this.failure = { error };
      this.pending = [];
      this.pendingBytes = 0;
      this.wakeWaiting();
      this.rejectAckWaiters(error);
    }
  }

  /**
   * How many pending messages the next send takes: at most {@link MAX_MESSAGES_PER_SEND}, and
   * when lingering at most `batch.size` bytes (at least one message, however large).
   */
  private sendLength(): number {
    const most = Math.min(this.pending.length, MAX_MESSAGES_PER_SEND);
    if (this.batching.lingerMs === 0) return most;
    let bytes = 0;
    for (let i = 0; i < most; i++) {
      bytes += messageBytes(this.pending[i]!);
      if (bytes > this.batching.batchBytes) return Math.max(1, i);
    }
    return most;
  }

  /** Takes a send's messages out of the lingering byte count (what is left keeps its waiting time). */
  private sent(messages: readonly Message[]): void {
    if (this.pending.length === 0) {
      this.pendingBytes = 0;
      return;
    }
    for (const message of messages) this.pendingBytes -= messageBytes(message);
  }

  private armTimer(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.batching.lingerMs - (Date.now() - this.pendingSince));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startSending();
    }, wait);
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wakeWaiting(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  private resolveAckWaiters(): void {
    if (this.ackWaiters.length === 0) return;
    const reached = this.ackWaiters.filter((w) => w.upTo <= this.acked);
    if (reached.length === 0) return;
    this.ackWaiters = this.ackWaiters.filter((w) => w.upTo > this.acked);
    for (const waiter of reached) waiter.resolve();
  }

  private rejectAckWaiters(error: unknown): void {
    const waiters = this.ackWaiters;
    this.ackWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}
