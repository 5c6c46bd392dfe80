import { describe, expect, it } from 'vitest';
import { kafkaClient } from '../../../lib/connectors/kafka/kafkaClient.js';
import { ResponseFrames } from '../../../lib/connectors/kafka/wholeResponseSocket.js';
import { proxiedTestBroker } from '../../broker/faultProxy.js';
import { waitFor } from '../../broker/helpers.js';
import { createTopics, produce } from './kafkaTestKit.js';

/** A Kafka response of `body` bytes: its int32 size, then the bytes. */
function response(body: string): Buffer {
  const bytes = Buffer.from(body);
  const size = Buffer.alloc(4);
  size.writeInt32BE(bytes.length);
  return Buffer.concat([size, bytes]);
}

/** What `frames` hands out for `chunks`, one string per `take` that returned bytes. */
function takenOut(frames: ResponseFrames, chunks: readonly Buffer[]): string[] {
  return chunks.flatMap((chunk) => {
    const out = frames.take(chunk);
    return out === undefined ? [] : [out.toString('latin1')];
  });
}

describe('ResponseFrames (whole Kafka responses out of socket chunks)', () => {
  it('hands a response out once its last byte arrived, whatever the chunks', () => {
    const one = response('first response');
    const chunks = [one.subarray(0, 2), one.subarray(2, 7), one.subarray(7)];
    expect(takenOut(new ResponseFrames(), chunks)).toEqual([one.toString('latin1')]);
  });

  it('hands several responses of one chunk out together, and keeps the start of the next', () => {
    const [a, b, c] = [response('a'), response('bb'), response('ccc')];
    const all = Buffer.concat([a, b, c]);
    const cut = a.length + b.length + 3;
    expect(takenOut(new ResponseFrames(), [all.subarray(0, cut), all.subarray(cut)])).toEqual([Buffer.concat([a, b]).toString('latin1'), c.toString('latin1')]);
  });

  it('reads a size prefix split over several chunks', () => {
    const [a, b] = [response('x'.repeat(300)), response('y')];
    const all = Buffer.concat([a, b]);
    const chunks = [all.subarray(0, a.length + 1), all.subarray(a.length + 1, a.length + 2), all.subarray(a.length + 2, a.length + 3), all.subarray(a.length + 3)];
    expect(takenOut(new ResponseFrames(), chunks)).toEqual([a.toString('latin1'), b.toString('latin1')]);
  });

  it('hands out nothing of a response cut short', () => {
    const one = response('cut in the middle');
    expect(takenOut(new ResponseFrames(), [one.subarray(0, 10)])).toEqual([]);
  });
});

const env = proxiedTestBroker({ retries: 20, initialRetryTime: 50, maxRetryTime: 500 });

describe("the connectors' kafkajs client through a connection reset in the middle of a response", () => {
  it('a consumer whose fetch response was cut short goes on fetching on its next connection', async () => {
    const topic = 'cut-mid-response';
    await createTopics(env().kafka, { [topic]: 1 });
    const kafka = kafkaClient({ brokers: [env().proxy.address], clientId: 'spec' }, { log: () => undefined });
    const consumer = kafka.consumer({ groupId: `${topic}-g`, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 250 });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
      await produce(env().kafka, topic, [{ value: 'before' }]);
      await waitFor('the record before the cut', () => (seen.length === 1 ? true : undefined));
      // The next response on each connection (the consumer's next fetch answers the record below) arrives half, then the connection is reset.
      expect(env().proxy.cutMidResponse()).toBeGreaterThan(0);
      await produce(env().kafka, topic, [{ value: 'during' }]);
      await produce(env().kafka, topic, [{ value: 'after' }]);
      // kafkajs 2.2.4 by itself reads the next connection's responses from the wrong offset: the consumer never fetches again.
      await waitFor('the records after the cut', () => (seen.length === 3 ? true : undefined), 20_000);
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toEqual(['before', 'during', 'after']);
  }, 60_000);
});
