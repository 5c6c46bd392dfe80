import type { Kafka } from 'kafkajs';
import { FerrisError } from '../../types/errors.js';

/** How long reading the latest checkpoint record may take. */
const READ_TIMEOUT_MS = 30_000;

/**
 * The value of the changelog record that `group`'s committed offset on partition 0 of `topic`
 * points at (the latest committed checkpoint), or undefined when the group has committed
 * nothing there (a fresh start). Read with read_committed by a consumer of a group of its own.
 */
export async function readChangelogRecord(kafka: Kafka, topic: string, group: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  let offset: number;
  try {
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    offset = Number(entry?.partitions.find((p) => p.partition === 0)?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
  if (!(offset >= 0)) return undefined;
  const consumer = kafka.consumer({ groupId: `${group}-restore-${process.pid}-${Date.now()}`, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await consumer.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const value = new Promise<string>((resolve, reject) => {
      timer = setTimeout(() => reject(new FerrisError('IO', `kafka: the checkpoint record at offset ${offset} of ${topic} was not read within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (partition === 0 && Number(message.offset) === offset) resolve(message.value?.toString('utf8') ?? 'null');
          },
        })
        .catch(reject);
    });
    consumer.seek({ topic, partition: 0, offset: String(offset) });
    return await value;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
