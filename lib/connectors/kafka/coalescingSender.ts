import type { Message } from 'kafkajs';

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

/**
 * Sends the messages it is given with one send in flight at a time: messages added while a send
 * is in flight wait and leave together in the next send, in the order added. Under light load a
 * message leaves at once (no linger); under heavy load the sends grow up to
 * {@link MAX_MESSAGES_PER_SEND}, so fewer round trips carry more. The order of the messages is
 * the order of `add`, as one send at a time cannot be reordered by a retry. `add` resolves once
 * the messages are queued (it waits while too many are); `flush` once every message added was
 * acknowledged. A failed send fails the next `add` and `flush`.
 *
 * ```text
 * add:     a----b-c-d-----e----
 * sends:   [a]--[b c d]---[e]--   (each starts when the one before was acknowledged)
 * ```
 */
export class CoalescingSender {
  private pending: Message[] = [];
  private inFlight: Promise<void> | undefined;
  private failure: { readonly error: unknown } | undefined;
  /** Adds waiting for room, woken after each send. */
  private waiting: (() => void)[] = [];

  constructor(private readonly send: SendMessages) {}

  /** Queues messages to be sent after those added before; resolves once queued. */
  async add(messages: readonly Message[]): Promise<void> {
    this.throwIfFailed();
    for (const message of messages) this.pending.push(message);
    if (this.inFlight === undefined) {
      const sending = this.drain().finally(() => {
        if (this.inFlight === sending) this.inFlight = undefined;
      });
      this.inFlight = sending;
    }
    while (this.pending.length >= MAX_PENDING_SENDS * MAX_MESSAGES_PER_SEND && this.failure === undefined) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.throwIfFailed();
  }

  /** Resolves once every message added was acknowledged; rejects with the failure of a send. */
  async flush(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
    this.throwIfFailed();
  }

  /** Drops the messages not sent yet and waits for the send in flight to settle (its failure is not reported). */
  async discard(): Promise<void> {
    this.pending = [];
    await this.inFlight;
  }

  /** Sends the pending messages, a send at a time, until none are left; a failure stops it and is kept. */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && this.failure === undefined) {
        const all = this.pending;
        const messages = all.length <= MAX_MESSAGES_PER_SEND ? all : all.slice(0, MAX_MESSAGES_PER_SEND);
        this.pending = all.length <= MAX_MESSAGES_PER_SEND ? [] : all.slice(MAX_MESSAGES_PER_SEND);
        await this.send(messages);
        this.wakeWaiting();
      }
    } catch (error) {
      this.failure = { error };
      this.pending = [];
      this.wakeWaiting();
    }
  }

  private wakeWaiting(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}
