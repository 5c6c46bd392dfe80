import type { Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CoalescingSender } from '../../../lib/connectors/kafka/coalescingSender.js';
import { PartitionedSender, SPILL_MESSAGES } from '../../../lib/connectors/kafka/partitionedSender.js';

/** A lane whose sends are recorded (with the order they started in, over all lanes) and wait until settled. */
function recordingLane(started: string[], name: string) {
  const sends: Message[][] = [];
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const lane = new CoalescingSender(async (messages) => {
    sends.push(messages);
    started.push(name);
    await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
  });
  const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    lane,
    sends,
    /** Acknowledges the send in flight. */
    release: async () => {
      waiting.shift()?.resolve();
      await settled();
    },
    /** Acknowledges sends until none is in flight. */
    drain: async () => {
      while (waiting.length > 0) {
        waiting.shift()!.resolve();
        await settled();
      }
    },
    fail: async (error: Error) => {
      waiting.shift()?.reject(error);
      await settled();
    },
  };
}

/** Messages of partitions `p0`, `p1`, ... (the key names it), valued `<partition>:<n>`. */
function messages(count: number, partitions: number, from = 0): Message[] {
  return Array.from({ length: count }, (_, i) => ({ key: `p${(from + i) % partitions}`, value: `${(from + i) % partitions}:${from + i}` }));
}
const byKey = (m: Message): number => Number(String(m.key).slice(1));
const values = (sends: Message[][]): string[] => sends.flat().map((m) => String(m.value));

function setUp() {
  const started: string[] = [];
  const [a, b] = [recordingLane(started, 'a'), recordingLane(started, 'b')];
  return { started, a, b, sender: new PartitionedSender([a.lane, b.lane], byKey) };
}

describe('PartitionedSender', () => {
  it('at a light load sends everything through the first lane, each message with its partition set', async () => {
    const { a, b, sender } = setUp();
    await sender.add(messages(4, 4));
    await a.release();
    await sender.add(messages(4, 4, 4));
    await a.drain();
    await sender.flush();
    expect(values(a.sends)).toEqual(['0:0', '1:1', '2:2', '3:3', '0:4', '1:5', '2:6', '3:7']);
    expect(a.sends.flat().map((m) => m.partition)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(b.sends).toEqual([]);
  });

  it('under a backlog moves partitions to the next lane only once the first acknowledged theirs, keeping each partition in order', async () => {
    const { started, a, b, sender } = setUp();
    const backlog = 2 * SPILL_MESSAGES + 100;
    await sender.add(messages(backlog, 4));
    // The first lane holds twice SPILL_MESSAGES: two of the four partitions move, their messages held meanwhile.
    await sender.add(messages(8, 4, backlog));
    expect(b.sends).toEqual([]);
    await a.drain();
    await b.drain();
    await sender.flush();
    const all = [...values(a.sends), ...values(b.sends)];
    expect(all.sort()).toEqual(messages(backlog + 8, 4).map((m) => String(m.value)).sort());
    const moved = new Set(b.sends.flat().map((m) => m.partition));
    expect(moved).toEqual(new Set([0, 1]));
    // The second lane's first send started after the first lane's whole backlog was acknowledged.
    const firstOfB = started.indexOf('b');
    expect(a.sends.slice(0, firstOfB).flat().length).toBeGreaterThanOrEqual(backlog);
    for (const partition of [0, 1, 2, 3]) {
      const own = [...a.sends.flat(), ...b.sends.flat()].filter((m) => m.partition === partition).map((m) => Number(String(m.value).split(':')[1]));
      expect(own).toEqual([...own].sort((x, y) => x - y));
    }
  });

  it('is acknowledged once every lane acknowledged what it was given before, held messages included', async () => {
    const { a, b, sender } = setUp();
    await sender.add(messages(2 * SPILL_MESSAGES + 100, 4));
    await sender.add(messages(8, 4, 1_000_000));
    let acknowledged = false;
    const acked = sender.acknowledged().then(() => (acknowledged = true));
    await a.drain();
    expect(acknowledged).toBe(false);
    expect(b.lane.addedCount).toBe(4);
    await b.drain();
    await acked;
    expect(acknowledged).toBe(true);
  });

  it("fails the next add and flush when a lane's send failed, a move waiting on it included", async () => {
    const { a, sender } = setUp();
    await sender.add(messages(2 * SPILL_MESSAGES + 100, 4));
    await sender.add(messages(8, 4, 1_000_000));
    await a.fail(new Error('broker gone'));
    await expect(sender.flush()).rejects.toThrow('broker gone');
    await expect(sender.add(messages(1, 4))).rejects.toThrow('broker gone');
  });

  it('drops held messages on discard and routes afresh afterwards', async () => {
    const { a, b, sender } = setUp();
    await sender.add(messages(2 * SPILL_MESSAGES + 100, 4));
    await sender.add(messages(8, 4, 1_000_000));
    const discarded = sender.discard();
    await a.drain();
    await discarded;
    await sender.add(messages(2, 4, 2_000_000));
    await a.drain();
    await sender.flush();
    expect(b.sends).toEqual([]);
    expect(values(a.sends).slice(-2)).toEqual(['0:2000000', '1:2000001']);
  });
});
