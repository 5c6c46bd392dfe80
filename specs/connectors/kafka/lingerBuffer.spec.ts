import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LingerBuffer } from '../../../lib/connectors/kafka/lingerBuffer.js';

/** A send that records what it sent and resolves when the spec says so (or at once). */
function recordingSend(autoAck = true): { sends: string[][]; send: (items: string[]) => Promise<void>; ack: () => void } {
  const sends: string[][] = [];
  const waiting: (() => void)[] = [];
  return {
    sends,
    send: (items) => {
      sends.push([...items]);
      return autoAck ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve));
    },
    ack: () => waiting.shift()?.(),
  };
}

describe('LingerBuffer (Kafka batch.size and linger.ms)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('with linger.ms 0 sends every add at once, the array as given', async () => {
    const sent: string[][] = [];
    const buffer = new LingerBuffer<string>(async (items) => void sent.push(items), 1000, 0);
    const first = ['a'];
    await buffer.add(first, 10);
    await buffer.add(['b'], 10);
    expect(sent).toEqual([['a'], ['b']]);
    expect(sent[0]).toBe(first);
  });

  it('gathers adds until they reach batch.size bytes, then sends them as one and waits for it', async () => {
    const { sends, send } = recordingSend();
    const buffer = new LingerBuffer<string>(send, 1000, 10_000);
    await buffer.add(['a'], 400);
    await buffer.add(['b'], 400);
    expect(sends).toEqual([]);
    await buffer.add(['c', 'd'], 400);
    expect(sends).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('sends what waited linger.ms, counted from the first gathered add', async () => {
    const { sends, send } = recordingSend();
    const buffer = new LingerBuffer<string>(send, 1000, 8);
    await buffer.add(['a'], 100);
    await vi.advanceTimersByTimeAsync(5);
    await buffer.add(['b'], 100);
    await vi.advanceTimersByTimeAsync(2);
    expect(sends).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sends).toEqual([['a', 'b']]);
    await buffer.add(['c'], 100);
    await vi.advanceTimersByTimeAsync(8);
    expect(sends).toEqual([['a', 'b'], ['c']]);
  });

  it('an add of batch.size or more with nothing gathered is sent as it is', async () => {
    const { sends, send } = recordingSend();
    const buffer = new LingerBuffer<string>(send, 1000, 50);
    await buffer.add(['big'], 1500);
    expect(sends).toEqual([['big']]);
  });

  it('sends one at a time, in order: a full batch waits for the send in flight', async () => {
    const { sends, send, ack } = recordingSend(false);
    const buffer = new LingerBuffer<string>(send, 100, 5);
    await buffer.add(['a'], 10);
    await vi.advanceTimersByTimeAsync(5);
    expect(sends).toEqual([['a']]);
    let second = false;
    const full = buffer.add(['b'], 200).then(() => (second = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(sends).toEqual([['a']]);
    ack();
    await vi.advanceTimersByTimeAsync(0);
    expect(sends).toEqual([['a'], ['b']]);
    expect(second).toBe(false);
    ack();
    await full;
    expect(second).toBe(true);
  });

  it('flush sends what is gathered and waits for every send', async () => {
    const { sends, send, ack } = recordingSend(false);
    const buffer = new LingerBuffer<string>(send, 1000, 10_000);
    await buffer.add(['a'], 10);
    let flushed = false;
    const flush = buffer.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(sends).toEqual([['a']]);
    expect(flushed).toBe(false);
    ack();
    await flush;
    expect(flushed).toBe(true);
  });

  it('a failed send started by the timer fails the next add and flush', async () => {
    const buffer = new LingerBuffer<string>(() => Promise.reject(new Error('broker gone')), 1000, 5);
    await buffer.add(['a'], 10);
    await vi.advanceTimersByTimeAsync(5);
    await expect(buffer.add(['b'], 10)).rejects.toThrow('broker gone');
    await expect(buffer.flush()).rejects.toThrow('broker gone');
  });

  it('discard drops what is gathered: it is never sent', async () => {
    const { sends, send } = recordingSend();
    const buffer = new LingerBuffer<string>(send, 1000, 5);
    await buffer.add(['a'], 10);
    buffer.discard();
    await vi.advanceTimersByTimeAsync(10);
    await buffer.flush();
    expect(sends).toEqual([]);
  });
});
