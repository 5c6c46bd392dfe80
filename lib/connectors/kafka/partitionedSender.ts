import type { Message } from 'kafkajs';

/** What a Kafka sink hands its messages to: a {@link CoalescingSender}, or several of them by partition. */
export interface MessageQueue {
  /** Queues messages to be sent after those added before; resolves once queued. */
  add(messages: readonly Message[]): Promise<void>;
  /** Sends what waits at once; resolves once every message added was acknowledged. */
  flush(): Promise<void>;
  /** Resolves once every message added before the call was acknowledged, while later ones keep being added and sent. */
  acknowledged(): Promise<void>;
  /** Drops the messages not sent yet and waits for the sends in flight to settle. */
  discard(): Promise<void>;
}

/**
 * Spreads a sink's messages over lanes (one {@link CoalescingSender} per producer thread) by
 * partition: each message gets the partition `partitionOf` picks for it and goes to lane
 * `partition % lanes`, so every message of a partition leaves through the same lane, in the
 * order added, with one send in flight at a time: Kafka's order within a partition holds
 * while the lanes' sends overlap. Everything else waits for every lane; a lane's failed send
 * fails the next `add`, `flush` and `acknowledged`.
 *
 * ```text
 * add:     [a0 b1 c0 d1]----[e1]---
 * lane 0:  [a0 c0]-----------------   (partitions 0, 2, ...)
 * lane 1:  [b1 d1]----[e1]---------   (partitions 1, 3, ...)
 * ```
 */
export class PartitionedSender implements MessageQueue {
  constructor(
    private readonly lanes: readonly MessageQueue[],
    private readonly partitionOf: (message: Message) => number,
  ) {}

  /** Queues each message on its partition's lane; resolves once every lane queued its share. */
  async add(messages: readonly Message[]): Promise<void> {
    const shares = this.lanes.map((): Message[] => []);
    for (const message of messages) {
      const partition = this.partitionOf(message);
      message.partition = partition;
      shares[partition % shares.length]!.push(message);
    }
    await Promise.all(shares.map((share, lane) => (share.length === 0 ? undefined : this.lanes[lane]!.add(share))));
  }

  /** Flushes every lane; resolves once each acknowledged everything added. */
  flush(): Promise<void> {
    return this.everyLane((lane) => lane.flush());
  }

  /** Resolves once every lane acknowledged what was added to it before the call. */
  acknowledged(): Promise<void> {
    return this.everyLane((lane) => lane.acknowledged());
  }

  /** Drops what waits in every lane and waits for their sends in flight. */
  discard(): Promise<void> {
    return this.everyLane((lane) => lane.discard());
  }

  private async everyLane(step: (lane: MessageQueue) => Promise<void>): Promise<void> {
    await Promise.all(this.lanes.map(step));
  }
}
