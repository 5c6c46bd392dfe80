import { parentPort } from 'node:worker_threads';
import type { Message, Producer, ProducerRecord, Transaction } from 'kafkajs';
import { FerrisError } from '../../../types/errors.js';
import { kafkaSinkProducer } from '../kafkaClient.js';
import { withOwnEncoding } from '../produceRequest/kafkajsProduceEncoding.js';
import { plainFields, threadError, type ProducerReply, type ProducerRequest, type ThreadError } from './protocol.js';

/*
 * The request handler of the Kafka sinks' producer thread (a worker started by ProducerThread,
 * loaded by its entry, producerWorker.ts): it holds the process's sink producers, by number, and runs each one's requests in the order they arrive, answering
 * each. kafkajs's producing of every message (partition grouping, our Produce encoding, the
 * requests) then runs beside the jobs' decoding and SQL instead of between them. The producers' requests do not wait for
 * one another: each has its own queue.
 */

const port = parentPort;
if (port === null) throw new FerrisError('INTERNAL', 'producer thread: started outside a worker thread');

/** A producer of the thread, its open transaction and the tail of its requests. */
interface Held {
  readonly producer: Producer;
  transaction: Transaction | undefined;
  queue: Promise<void>;
}

const held = new Map<number, Held>();

/** A record whose Buffer values and keys arrived as Uint8Arrays (structured clone), as kafkajs wants them again, marked as ours. */
function withBuffers(record: ProducerRecord): ProducerRecord {
  const asBuffer = (bytes: Message['value']): Message['value'] => {
    const cloned: unknown = bytes;
    return cloned instanceof Uint8Array && !Buffer.isBuffer(cloned) ? Buffer.from(cloned.buffer, cloned.byteOffset, cloned.byteLength) : bytes;
  };
  for (const message of record.messages) {
    message.value = asBuffer(message.value);
    if (message.key !== undefined) message.key = asBuffer(message.key);
  }
  return withOwnEncoding(record);
}

function create(request: Extract<ProducerRequest, { op: 'create' }>): Held {
  const log = (level: 'error' | 'warn' | 'info' | 'debug', message: string, fields?: Record<string, unknown>): void =>
    port!.postMessage({ kind: 'log', producer: request.producer, level, message, fields: plainFields(fields ?? {}) } satisfies ProducerReply);
  const producer = kafkaSinkProducer(request.client, request.options, { log });
  return { producer, transaction: undefined, queue: Promise.resolve() };
}

function openTransaction(target: Held): Transaction {
  if (target.transaction === undefined) throw new FerrisError('INTERNAL', 'producer thread: no open transaction');
  return target.transaction;
}

async function run(target: Held, request: ProducerRequest): Promise<Pick<Extract<ProducerReply, { kind: 'reply' }>, 'metadata'>> {
  switch (request.op) {
    case 'create':
      return {};
    case 'connect':
      await target.producer.connect();
      return {};
    case 'send':
      return { metadata: await target.producer.send(withBuffers(request.record)) };
    case 'begin':
      target.transaction = await target.producer.transaction();
      return {};
    case 'transactionSend':
      return { metadata: await openTransaction(target).send(withBuffers(request.record)) };
    case 'sendOffsets':
      await openTransaction(target).sendOffsets(request.offsets);
      return {};
    case 'commit':
      await openTransaction(target).commit();
      return {};
    case 'abort':
      await openTransaction(target).abort();
      return {};
    case 'disconnect':
      held.delete(request.producer);
      await target.producer.disconnect();
      return {};
  }
}

/** Why kafkajs refused to make a producer (its options), given again to every later request of it. */
const refused = new Map<number, ThreadError>();

port.on('message', (request: ProducerRequest) => {
  let target = held.get(request.producer);
  if (request.op === 'create') {
    try {
      held.set(request.producer, (target = create(request)));
    } catch (error) {
      refused.set(request.producer, threadError(error));
    }
  }
  if (target === undefined && request.op === 'disconnect') {
    // A producer kafkajs refused to make has nothing to disconnect.
    refused.delete(request.producer);
    port.postMessage({ kind: 'reply', id: request.id, active: false } satisfies ProducerReply);
    return;
  }
  if (target === undefined) {
    const error = refused.get(request.producer) ?? threadError(new FerrisError('INTERNAL', `producer thread: no producer ${request.producer}`));
    port.postMessage({ kind: 'reply', id: request.id, active: false, error } satisfies ProducerReply);
    return;
  }
  const answering = target;
  // One request of a producer at a time, in order: the job awaits each, as it would a producer of its own thread.
  answering.queue = answering.queue.then(async () => {
    let reply: ProducerReply;
    try {
      reply = { kind: 'reply', id: request.id, active: false, ...(await run(answering, request)) };
    } catch (error) {
      reply = { kind: 'reply', id: request.id, active: false, error: threadError(error) };
    }
    port.postMessage({ ...reply, active: answering.transaction?.isActive() ?? false } satisfies ProducerReply);
  });
});
