import type { Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CoalescingSender } from '../../../lib/connectors/kafka/coalescingSender.js';
import { PartitionedSender } from '../../../lib/connectors/kafka/partitionedSender.js';

/** A lane whose sends are recorded and wait until released. */
function recordingLane(): { lane: CoalescingSender; sends: Message[][]; release: () => void; fail: (error: Error) => void } {
  const sends: Message[][] = [];
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const lane = new CoalescingSender(async (messages) => {
    sends.push(messages);
    await new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  });
  return {
    lane,
    sends,
    release: () => settle?.resolve(),
    fail: (error) => settle?.reject(error),
  };
}

const message = (key: string, n: number): Message => ({ key, value: String(n) });
const byKey = (m: Message): number => Number(String(m.key).slice(1));

describe('PartitionedSender', () => {
  it('sets each message its partition and sends it through lane partition % lanes, in the order added', async () => {
    const [a, b] = [recordingLane(), recordingLane()];
    const sender = new PartitionedSender([a.lane, b.lane], byKey);
    await sender.add([message('p0', 1), message('p1', 2), message('p2', 3), message('p3', 4), message('p0', 5)]);
    expect(a.sends.map((send) => send.map((m) => [m.partition, m.value]))).toEqual([[[0, '1'], [2, '3'], [0, '5']]]);
    expect(b.sends.map((send) => send.map((m) => [m.partition, m.value]))).toEqual([[[1, '2'], [3, '4']]]);
    // Both lanes' first sends are in flight at once; later messages wait for their own lane only.
    await sender.add([message('p1', 6), message('p0', 7)]);
    b.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(b.sends.map((send) => send.map((m) => m.value))).toEqual([['2', '4'], ['6']]);
    expect(a.sends).toHaveLength(1);
    a.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(a.sends.map((send) => send.map((m) => m.value))).toEqual([['1', '3', '5'], ['7']]);
    a.release();
    b.release();
    await sender.flush();
  });

  it('is acknowledged once every lane acknowledged what it was given before', async () => {
    const [a, b] = [recordingLane(), recordingLane()];
    const sender = new PartitionedSender([a.lane, b.lane], byKey);
    await sender.add([message('p0', 1), message('p1', 2)]);
    let acknowledged = false;
    const acked = sender.acknowledged().then(() => (acknowledged = true));
    a.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(acknowledged).toBe(false);
    b.release();
    await acked;
    expect(acknowledged).toBe(true);
  });

  it("fails the next add and flush when one lane's send failed", async () => {
    const [a, b] = [recordingLane(), recordingLane()];
    const sender = new PartitionedSender([a.lane, b.lane], byKey);
    await sender.add([message('p0', 1), message('p1', 2)]);
    b.fail(new Error('broker gone'));
    a.release();
    await expect(sender.flush()).rejects.toThrow('broker gone');
    await expect(sender.add([message('p1', 3)])).rejects.toThrow('broker gone');
  });
});
