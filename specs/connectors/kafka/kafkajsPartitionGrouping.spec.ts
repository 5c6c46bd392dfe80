import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import type { Message, PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { groupMessagesPerPartition } from '../../../lib/connectors/kafka/produceRequest/kafkajsPartitionGrouping.js';

const require = createRequire(import.meta.url);
/** kafkajs's own grouping (this process never seeds ours). */
const kafkajsGrouping = require('kafkajs/src/producer/groupMessagesPerPartition.js') as typeof groupMessagesPerPartition;

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));

describe('groupMessagesPerPartition', () => {
  it("groups as kafkajs's own does: the same partitions, each with its messages in the order sent", () => {
    for (const [count, partitions] of [[0, 3], [1, 1], [500, 1], [2000, 4], [777, 12]] as const) {
      const messages: Message[] = Array.from({ length: count }, (_, i) => ({ key: String(i), value: `v${i}`, partition: (i * 7919) % partitions }));
      const args = { topic: 't', partitionMetadata: metadata(partitions), messages, partitioner: ({ message }: { message: Message }) => message.partition! };
      const ours = groupMessagesPerPartition(args);
      expect(ours).toEqual(kafkajsGrouping(args));
      expect(Object.keys(ours)).toEqual(Object.keys(kafkajsGrouping(args)));
    }
  });

  it('gives nothing for a topic without partition metadata', () => {
    expect(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [{ value: 'v' }], partitioner: () => 0 })).toEqual({});
  });

  it('is the grouping kafkajs requires once seeded before kafkajs loads, and is not seeded after', () => {
    const compiled = new URL('../../../dist/lib/connectors/kafka/produceRequest/kafkajsPartitionGrouping.js', import.meta.url);
    expect(existsSync(compiled), 'run npm run build first').toBe(true);
    const script = `
      import { createRequire } from 'node:module';
      import { groupMessagesPerPartition, seedKafkajsPartitionGrouping } from ${JSON.stringify(compiled.href)};
      const require = createRequire(${JSON.stringify(compiled.href)});
      const before = seedKafkajsPartitionGrouping();
      require('kafkajs');
      const used = require('kafkajs/src/producer/groupMessagesPerPartition.js') === groupMessagesPerPartition;
      console.log(JSON.stringify({ before, used, again: seedKafkajsPartitionGrouping() }));`;
    const seededFirst = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(seededFirst).toEqual({ before: true, used: true, again: true });
    const lateScript = script.replace("const before = seedKafkajsPartitionGrouping();\n      require('kafkajs');", "require('kafkajs');\n      const before = seedKafkajsPartitionGrouping();");
    expect(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', lateScript], { encoding: 'utf8' }))).toEqual({ before: false, used: false, again: false });
  });
});
