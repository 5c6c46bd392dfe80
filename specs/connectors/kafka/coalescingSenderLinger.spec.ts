import type { Message } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoalescingSender } from '../../../lib/connectors/kafka/coalescingSender.js';

/** A send that records the values it sent and is acknowledged at once, or when the spec says so. */
function recordingSend(autoAck = true): { sends: string[][]; send: (messages: Message[]) => Promise<void>; ack: () => void } {
  const sends: string[][] = [];
  const waiting: (() => void)[] = [];
  return {
    sends,
    send: (messages) => {
      sends.push(messages.map((m) => String(m.value)));
      return autoAck ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve));
    },
    ack: () => waiting.shift()?.(),
  };
}

/** Messages whose values are `value` padded to `bytes` bytes (no key). */
const sized = (bytes: number, ...values: string[]): Message[] => values.map((value) => ({ key: null, value: value.padEnd(bytes, '.') }));
const names = (sends: string[][]): string[][] => sends.map((s) => s.map((v) => v.replace(/\.+$/, '')));

describe('CoalescingSender with linger.ms and batch.size (Kafka producer batching)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gathers adds until they reach batch.size bytes, then sends at most batch.size bytes as one', async () => {
    const { sends, send } = recordingSend();
    const sender = new CoalescingSender(send, { batchBytes: 1000, lingerMs: 10_000 });
    await sender.add(sized(400, 'a'));
    await sender.add(sized(400, 'b'));
    expect(sends).toEqual([]);
    await sender.add(sized(200, 'c', 'd'));
    await vi.advanceTimersByTimeAsync(0);
    // A send carries at most batch.size bytes: d waits for the next batch.
    expect(names(sends)).toEqual([['a', 'b', 'c']]);
  });

  it('sends what waited linger.ms, counted from the first message gathered', async () => {
    const { sends, send } = recordingSend();
    const sender = new CoalescingSender(send, { batchBytes: 1000, lingerMs: 8 });
    await sender.add(sized(100, 'a'));
    await vi.advanceTimersByTimeAsync(5);
    await sender.add(sized(100, 'b'));
    await vi.advanceTimersByTimeAsync(2);
    expect(sends).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(names(sends)).toEqual([['a', 'b']]);
    await sender.add(sized(100, 'c'));
    await vi.advanceTimersByTimeAsync(7);
    expect(names(sends)).toEqual([['a', 'b']]);
    await vi.advanceTimersByTimeAsync(1);
    expect(names(sends)).toEqual([['a', 'b'], ['c']]);
  });

  it('an add of batch.size or more leaves at once', async () => {
    const { sends, send } = recordingSend();
    const sender = new CoalescingSender(send, { batchBytes: 1000, lingerMs: 50 });
    await sender.add(sized(1500, 'big'));
    await vi.advanceTimersByTimeAsync(0);
    expect(names(sends)).toEqual([['big']]);
  });

  it('keeps one send in flight: a full batch gathered meanwhile leaves after the acknowledgement', async () => {
    const { sends, send, ack } = recordingSend(false);
    const sender = new CoalescingSender(send, { batchBytes: 100, lingerMs: 5 });
    await sender.add(sized(10, 'a'));
    await vi.advanceTimersByTimeAsync(5);
    expect(names(sends)).toEqual([['a']]);
    await sender.add(sized(200, 'b'));
    await vi.advanceTimersByTimeAsync(0);
    expect(names(sends)).toEqual([['a']]);
    ack();
    await vi.advanceTimersByTimeAsync(0);
    expect(names(sends)).toEqual([['a'], ['b']]);
  });

  it('flush sends what is gathered without lingering and waits for every send', async () => {
    const { sends, send, ack } = recordingSend(false);
    const sender = new CoalescingSender(send, { batchBytes: 1000, lingerMs: 10_000 });
    await sender.add(sized(10, 'a'));
    let flushed = false;
    const flush = sender.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(names(sends)).toEqual([['a']]);
    expect(flushed).toBe(false);
    ack();
    await flush;
    expect(flushed).toBe(true);
  });

  it('a failed send started by the timer fails the next add and flush', async () => {
    const sender = new CoalescingSender(() => Promise.reject(new Error('broker gone')), { batchBytes: 1000, lingerMs: 5 });
    await sender.add(sized(10, 'a'));
    await vi.advanceTimersByTimeAsync(5);
    await expect(sender.add(sized(10, 'b'))).rejects.toThrow('broker gone');
    await expect(sender.flush()).rejects.toThrow('broker gone');
  });

  it('discard drops what is gathered: it is never sent', async () => {
    const { sends, send } = recordingSend();
    const sender = new CoalescingSender(send, { batchBytes: 1000, lingerMs: 5 });
    await sender.add(sized(10, 'a'));
    await sender.discard();
    await vi.advanceTimersByTimeAsync(10);
    await sender.flush();
    expect(sends).toEqual([]);
  });
});
