import type { Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CoalescingSender, MAX_MESSAGES_PER_SEND } from '../../../lib/connectors/kafka/coalescingSender.js';

/** A send whose acknowledgements the spec gives by hand: each call is recorded with the values it carried. */
function manualSend(): { sends: string[][]; ack: (error?: Error) => void; send: (messages: Message[]) => Promise<void> } {
  const sends: string[][] = [];
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    sends,
    ack: (error) => {
      const next = pending.shift();
      if (next === undefined) throw new Error('no send in flight');
      if (error === undefined) next.resolve();
      else next.reject(error);
    },
    send: (messages) => {
      sends.push(messages.map((m) => String(m.value)));
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
}

const messages = (...values: string[]): Message[] => values.map((value) => ({ key: null, value }));
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CoalescingSender', () => {
  it('sends at once when idle, and sends what was added during a send together in the next one, in order', async () => {
    const kafka = manualSend();
    const sender = new CoalescingSender(kafka.send);
    await sender.add(messages('a'));
    expect(kafka.sends).toEqual([['a']]);
    await sender.add(messages('b'));
    await sender.add(messages('c', 'd'));
    expect(kafka.sends).toEqual([['a']]);
    kafka.ack();
    await settle();
    expect(kafka.sends).toEqual([['a'], ['b', 'c', 'd']]);
    let flushed = false;
    const flush = sender.flush().then(() => (flushed = true));
    await settle();
    expect(flushed).toBe(false);
    kafka.ack();
    await flush;
    expect(flushed).toBe(true);
  });

  it(`splits what waits into sends of at most ${MAX_MESSAGES_PER_SEND} messages, and add waits while two sends' worth wait`, async () => {
    const kafka = manualSend();
    const sender = new CoalescingSender(kafka.send);
    await sender.add(messages('first'));
    const many = Array.from({ length: 2 * MAX_MESSAGES_PER_SEND + 1 }, (_, i) => String(i));
    let added = false;
    const add = sender.add(messages(...many)).then(() => (added = true));
    await settle();
    expect(added).toBe(false);
    kafka.ack();
    await settle();
    expect(kafka.sends.map((s) => s.length)).toEqual([1, MAX_MESSAGES_PER_SEND]);
    kafka.ack();
    await settle();
    kafka.ack();
    await add;
    expect(added).toBe(true);
    kafka.ack();
    await sender.flush();
    expect(kafka.sends.map((s) => s.length)).toEqual([1, MAX_MESSAGES_PER_SEND, MAX_MESSAGES_PER_SEND, 1]);
    expect(kafka.sends.slice(1).flat()).toEqual(many);
  });

  it('a failed send fails flush and the next add, and drops what waited', async () => {
    const kafka = manualSend();
    const sender = new CoalescingSender(kafka.send);
    await sender.add(messages('a'));
    await sender.add(messages('b'));
    kafka.ack(new Error('broker down'));
    await expect(sender.flush()).rejects.toThrow('broker down');
    await expect(sender.add(messages('c'))).rejects.toThrow('broker down');
    expect(kafka.sends).toEqual([['a']]);
  });

  it('discard drops what waits and waits for the send in flight', async () => {
    const kafka = manualSend();
    const sender = new CoalescingSender(kafka.send);
    await sender.add(messages('a'));
    await sender.add(messages('b'));
    let discarded = false;
    const discard = sender.discard().then(() => (discarded = true));
    await settle();
    expect(discarded).toBe(false);
    kafka.ack();
    await discard;
    expect(kafka.sends).toEqual([['a']]);
  });

  it('acknowledged resolves once the messages added before it are acknowledged, while later ones are added and sent', async () => {
    const kafka = manualSend();
    const sender = new CoalescingSender(kafka.send);
    await expect(sender.acknowledged()).resolves.toBeUndefined();
    await sender.add(messages('a'));
    await sender.add(messages('b'));
    let acknowledged = false;
    const done = sender.acknowledged().then(() => (acknowledged = true));
    await sender.add(messages('c'));
    kafka.ack();
    await settle();
    expect(acknowledged).toBe(false);
    expect(kafka.sends).toEqual([['a'], ['b', 'c']]);
    kafka.ack();
    await done;
    expect(acknowledged).toBe(true);
  });

  it('acknowledged rejects with the failure of a send, and when the messages were discarded', async () => {
    const failing = manualSend();
    const failed = new CoalescingSender(failing.send);
    await failed.add(messages('a'));
    const waiting = failed.acknowledged();
    failing.ack(new Error('broker down'));
    await expect(waiting).rejects.toThrow('broker down');
    await expect(failed.acknowledged()).rejects.toThrow('broker down');
    const kafka = manualSend();
    const sender = new CoalescingSender(kafka.send);
    await sender.add(messages('a'));
    await sender.add(messages('b'));
    const dropped = sender.acknowledged();
    const discard = sender.discard();
    kafka.ack();
    await discard;
    await expect(dropped).rejects.toThrow('discarded before the broker acknowledged them');
    await expect(sender.acknowledged()).resolves.toBeUndefined();
  });
});
