import type { Kafka } from 'kafkajs';
import { FerrisError } from '../../types/errors.js';

/** How a topic is sampled to infer the columns of undeclared JSON records. */
export interface SampleOptions {
  /** The topics read (already resolved from a pattern). */
  readonly topics: readonly string[];
  /** At most this many records. */
  readonly records: number;
  /** How long to wait for a first record when the topics hold none yet. */
  readonly timeoutMs: number;
  readonly readUncommitted: boolean;
}

/**
 * The values of the first records of the topics (from the earliest retained offset of each
 * partition), read by a consumer in a throwaway group that is deleted afterwards, so the job's
 * own group and offsets are untouched. Stops at `records` values, once every partition was
 * read to its end offset, or, when the topics hold nothing yet, after `timeoutMs` without a
 * record (then resolves with none).
 */
export async function sampleTopicValues(kafka: Kafka, options: SampleOptions): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  const group = `ferris-schema-sample-${process.pid}-${Date.now().toString(36)}`;
  const values: string[] = [];
  try {
    const ends = new Map<string, number>();
    for (const topic of options.topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) if (Number(p.high) > Number(p.low)) ends.set(`${topic}/${p.partition}`, Number(p.high));
    }
    const consumer = kafka.consumer({ groupId: group, readUncommitted: options.readUncommitted, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
      const done = new Promise<void>((resolve) => {
        const deadline = setTimeout(resolve, options.timeoutMs);
        const finish = (): void => {
          clearTimeout(deadline);
          resolve();
        };
        void consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              if (values.length >= options.records) break;
              if (message.value !== null) values.push(message.value.toString('utf8'));
            }
            const key = `${batch.topic}/${batch.partition}`;
            const end = ends.get(key);
            if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) ends.delete(key);
            if (values.length >= options.records || (ends.size === 0 && values.length > 0)) finish();
          },
        });
      });
      await done;
    } finally {
      await consumer.disconnect();
    }
    await admin.deleteGroups([group]).catch(() => undefined);
  } catch (error) {
    if (error instanceof FerrisError) throw error;
    throw new FerrisError('KAFKA', `kafka_source: sampling ${options.topics.join(', ')} to infer its columns failed: ${(error as Error).message}`, { cause: error });
  } finally {
    await admin.disconnect();
  }
  return values;
}
