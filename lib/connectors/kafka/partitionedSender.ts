import type { Message } from 'kafkajs';
import { MAX_MESSAGES_PER_SEND, type CoalescingSender } from './coalescingSender.js';

/** Unacknowledged messages on a lane (a whole send waiting) before idle partitions go to the next lane; twice this, and busy ones move. */
export const SPILL_MESSAGES = MAX_MESSAGES_PER_SEND;

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

/** Where a partition's messages go: its lane, and the lane's count of messages added once its last ones were. */
interface Placement {
  readonly lane: number;
  readonly upTo: number;
}

/** A partition moving to another lane: its new messages wait until the old lane acknowledged its last ones. */
interface Move {
  readonly to: number;
  readonly held: Message[];
  readonly done: Promise<void>;
}

/**
 * Spreads a sink's messages over lanes (one {@link CoalescingSender} per producer thread) by
 * partition, keeping Kafka's order within each partition: a partition's messages go through
 * one lane at a time, one send in flight.
 * - Each message gets the partition `partitionOf` picks for it.
 * - A partition with nothing unacknowledged goes to the first lane holding fewer than
 *   {@link SPILL_MESSAGES} unacknowledged messages, or the least loaded one. At a light load
 *   every message leaves through the first lane: one thread, as few hand-offs as one producer.
 * - A partition with messages unacknowledged stays on its lane, unless that lane holds twice
 *   {@link SPILL_MESSAGES} and another lane has at least two partitions fewer. Then it moves
 *   there: its new messages are held until the old lane has acknowledged everything added
 *   to it so far, then queued on the new lane. So under a backlog the partitions balance over
 *   the lanes, whose sends overlap.
 *
 * Flush and acknowledgement wait for the moves under way and then for every lane; a lane's
 * failed send fails the next `add`, `flush` and `acknowledged`.
 *
 * ```text
 * light load:  add [a0 b1]--[c2]------   lane 0: [a0 b1]--[c2]--   lane 1: --------
 * backlog:     add [a0 b1 c2 d3 ...]     lane 0: [a0 c2 ...]       lane 1: --[b1 d3 ...]
 *                                                (b1, d3 move once lane 0 acknowledged theirs)
 * ```
 */
export class PartitionedSender implements MessageQueue {
  private readonly placed = new Map<number, Placement>();
  private readonly moving = new Map<number, Move>();
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly lanes: readonly CoalescingSender[],
    private readonly partitionOf: (message: Message) => number,
  ) {}

  /** Queues each message on its partition's lane (or holds it while the partition moves); resolves once every lane queued its share. */
  async add(messages: readonly Message[]): Promise<void> {
    if (this.failure !== undefined) throw this.failure.error;
    const shares = this.lanes.map((): Message[] => []);
    /** The lane of each partition in this add; -1 while it moves. */
    const routed = new Map<number, number>();
    for (const message of messages) {
      const partition = this.partitionOf(message);
      message.partition = partition;
      let lane = routed.get(partition);
      if (lane === undefined) routed.set(partition, (lane = this.route(partition, shares)));
      if (lane < 0) this.moving.get(partition)!.held.push(message);
      else shares[lane]!.push(message);
    }
    for (const [partition, lane] of routed) {
      if (lane >= 0) this.placed.set(partition, { lane, upTo: this.lanes[lane]!.addedCount + shares[lane]!.length });
    }
    await Promise.all(shares.map((share, lane) => (share.length === 0 ? undefined : this.lanes[lane]!.add(share))));
  }

  /** The lane of a partition's next messages, or -1 while they are held for a move. */
  private route(partition: number, shares: readonly Message[][]): number {
    if (this.moving.has(partition)) return -1;
    const placed = this.placed.get(partition);
    if (placed === undefined || this.lanes[placed.lane]!.acknowledgedCount >= placed.upTo) return this.roomiest(shares);
    const to = this.moveTarget(placed.lane, shares);
    if (to === undefined) return placed.lane;
    this.move(partition, placed.lane, to);
    return -1;
  }

  /** The first lane with fewer than {@link SPILL_MESSAGES} unacknowledged, else the least loaded. */
  private roomiest(shares: readonly Message[][]): number {
    let least = 0;
    for (let lane = 0; lane < this.lanes.length; lane++) {
      const load = this.load(lane, shares);
      if (load < SPILL_MESSAGES) return lane;
      if (load < this.load(least, shares)) least = lane;
    }
    return least;
  }

  /** Where a partition of the overloaded lane `from` should move: a lane with at least two partitions fewer, or none. */
  private moveTarget(from: number, shares: readonly Message[][]): number | undefined {
    if (this.load(from, shares) < 2 * SPILL_MESSAGES) return undefined;
    const partitions = this.lanes.map(() => 0);
    for (const [partition, { lane }] of this.placed) if (!this.moving.has(partition)) partitions[lane]!++;
    for (const { to } of this.moving.values()) partitions[to]!++;
    let fewest = from;
    for (let lane = 0; lane < this.lanes.length; lane++) if (partitions[lane]! < partitions[fewest]!) fewest = lane;
    return partitions[fewest]! + 1 < partitions[from]! ? fewest : undefined;
  }

  /** Starts moving `partition` from lane `from` to lane `to`: its held messages go to `to` once `from` acknowledged what it has. */
  private move(partition: number, from: number, to: number): void {
    const held: Message[] = [];
    const done = this.lanes[from]!.acknowledged().then(
      async () => {
        if (this.moving.get(partition) !== move) return;
        this.moving.delete(partition);
        this.placed.set(partition, { lane: to, upTo: this.lanes[to]!.addedCount + held.length });
        if (held.length > 0) await this.lanes[to]!.add(held);
      },
      (error: unknown) => {
        // A move dropped by discard ends with it; any other ends the sender.
        if (this.moving.get(partition) !== move) return;
        this.failure ??= { error };
        throw error;
      },
    );
    // Its failure is reported by the next add, flush or acknowledgement.
    done.catch(() => undefined);
    const move: Move = { to, held, done };
    this.moving.set(partition, move);
  }

  /** The unacknowledged messages of a lane, with those of the add being routed. */
  private load(lane: number, shares: readonly Message[][]): number {
    const sender = this.lanes[lane]!;
    return sender.addedCount - sender.acknowledgedCount + shares[lane]!.length;
  }

  /** Waits for the moves under way, then flushes every lane; resolves once each acknowledged everything added. */
  async flush(): Promise<void> {
    await this.moved();
    await this.everyLane((lane) => lane.flush());
  }

  /** Waits for the moves under way, then resolves once every lane acknowledged what it was given before. */
  async acknowledged(): Promise<void> {
    await this.moved();
    await this.everyLane((lane) => lane.acknowledged());
  }

  /** Drops what waits in every lane and in the moves, and waits for the sends in flight. */
  async discard(): Promise<void> {
    this.moving.clear();
    this.placed.clear();
    await this.everyLane((lane) => lane.discard());
  }

  private async moved(): Promise<void> {
    if (this.failure !== undefined) throw this.failure.error;
    await Promise.all([...this.moving.values()].map((move) => move.done));
  }

  private async everyLane(step: (lane: CoalescingSender) => Promise<void>): Promise<void> {
    await Promise.all(this.lanes.map(step));
  }
}
