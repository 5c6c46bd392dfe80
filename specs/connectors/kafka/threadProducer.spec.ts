import { describe, expect, it } from 'vitest';
import { consumeJson, kafkaFor, sharedTestBroker } from '../../broker/helpers.js';
import { classifyFencing } from '../../../lib/connectors/kafka/producerFencing.js';
import { errorOf, threadError } from '../../../lib/connectors/kafka/producerThread/protocol.js';
import { ThreadProducer } from '../../../lib/connectors/kafka/producerThread/threadProducer.js';
import { isRetriable } from '../../../lib/runtime/restart/retriableError.js';
import { FerrisError } from '../../../lib/types/errors.js';
import { createTopics } from './kafkaTestKit.js';

/*
 * The Kafka sinks' producer thread (lib/connectors/kafka/producerThread/), over real TCP
 * against our broker. The thread runs the module `npm run build` compiled.
 */

const log = (): void => undefined;

describe('errors crossing the producer thread', () => {
  it('keep the name, type, code, retriable flag and causes that restarts and fencing read', () => {
    const fenced = Object.assign(new Error('This server has a newer epoch'), { name: 'KafkaJSProtocolError', type: 'INVALID_PRODUCER_EPOCH', code: 47, retriable: false });
    const wrapped = Object.assign(new Error('gave up', { cause: fenced }), { name: 'KafkaJSNonRetriableError', retriable: false });
    const back = errorOf(structuredClone(threadError(wrapped)));
    expect(back).toMatchObject({ name: 'KafkaJSNonRetriableError', message: 'gave up', retriable: false });
    expect(back.cause).toMatchObject({ name: 'KafkaJSProtocolError', type: 'INVALID_PRODUCER_EPOCH', code: 47 });
    const classified = classifyFencing(back, { transactionalId: 't', openForMs: 10, timeoutMs: 60_000 });
    expect(classified).toBeInstanceOf(FerrisError);
    expect((classified as FerrisError).message).toContain('zombie');
    const network = Object.assign(new Error('connection closed'), { name: 'KafkaJSConnectionClosedError', retriable: false });
    expect(isRetriable(errorOf(structuredClone(threadError(network))))).toBe(true);
    expect(errorOf(threadError('plain text'))).toMatchObject({ name: 'Error', message: 'plain text' });
  });
});

describe('ThreadProducer', () => {
  const broker = sharedTestBroker();

  it('sends outside transactions, string and Buffer values, several producers on one thread', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'tp-plain': 1 });
    const [a, b] = [new ThreadProducer({ brokers: [broker().address], clientId: 'a' }, { retries: 2 }, { log }), new ThreadProducer({ brokers: [broker().address], clientId: 'b' }, { retries: 2 }, { log })];
    await Promise.all([a.connect(), b.connect()]);
    const [sent] = await a.send({ topic: 'tp-plain', messages: [{ key: 'k1', value: '{"n":1}' }] });
    expect(sent).toMatchObject({ topicName: 'tp-plain', partition: 0 });
    await b.send({ topic: 'tp-plain', messages: [{ key: Buffer.from('k2'), value: Buffer.from('{"n":2}') }] });
    await Promise.all([a.disconnect(), b.disconnect()]);
    expect(await consumeJson(kafka, 'tp-plain', 2)).toEqual([{ n: 1 }, { n: 2 }]);
    await expect(a.send({ topic: 'tp-plain', messages: [{ value: 'late' }] })).rejects.toThrow();
  });

  it('reports options kafkajs refuses as its error, and the thread carries on for the other producers', async () => {
    const client = { brokers: [broker().address], clientId: 'refused' };
    const refused = new ThreadProducer(client, { idempotent: true, retries: 0, transactionalId: 'tp-refused' }, { log });
    const fine = new ThreadProducer(client, { retries: 1 }, { log });
    await expect(refused.connect()).rejects.toThrow('Idempotent producer must allow retries');
    await fine.connect();
    await fine.disconnect();
    await refused.disconnect();
  });

  it('commits and aborts transactions; a fenced producer fails with the epoch error kafkajs gives in process', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'tp-txn': 1 });
    const options = { transactionalId: 'tp-txn-1', idempotent: true, maxInFlightRequests: 1, retries: 1 };
    const first = new ThreadProducer({ brokers: [broker().address], clientId: 'first' }, options, { log });
    await first.connect();
    const kept = await first.transaction();
    expect(kept.isActive()).toBe(true);
    await kept.send({ topic: 'tp-txn', messages: [{ value: '{"n":"committed"}' }] });
    await kept.commit();
    expect(kept.isActive()).toBe(false);
    const dropped = await first.transaction();
    await dropped.send({ topic: 'tp-txn', messages: [{ value: '{"n":"aborted"}' }] });
    await dropped.abort();
    const open = await first.transaction();
    await open.send({ topic: 'tp-txn', messages: [{ value: '{"n":"fenced"}' }] });
    // A second producer of the same transactional id fences the first.
    const second = kafka.producer({ transactionalId: 'tp-txn-1', idempotent: true, maxInFlightRequests: 1 });
    await second.connect();
    await (await second.transaction()).abort();
    const failure = await open.commit().then(() => undefined, (error: unknown) => error);
    expect(classifyFencing(failure, { transactionalId: 'tp-txn-1', openForMs: 10, timeoutMs: 60_000 })).toMatchObject({ retriable: false });
    await Promise.all([first.disconnect(), second.disconnect()]);
    expect(await consumeJson(kafka, 'tp-txn', 1)).toEqual([{ n: 'committed' }]);
  });
});
