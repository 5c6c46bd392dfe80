import { describe, expect, it } from 'vitest';
import { consumeJson, kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { committedOffsets, createTopics, produce, runApp, tempDir } from './kafkaTestKit.js';

describe('jobs of one file reading one Kafka stream under one group.id', () => {
  const broker = sharedTestBroker();

  for (const mode of ['simple', 'transactional'] as const) {
    it(`each reads all of it, under a group of its own (<group.id>-<job>), in '${mode}' mode`, async () => {
      const kafka = kafkaFor(broker());
      const input = `shared-${mode}-in`;
      await createTopics(kafka, { [input]: 4, [`${mode}-o1`]: 1, [`${mode}-o2`]: 1 });
      await produce(kafka, input, Array.from({ length: 400 }, (_, n) => ({ value: JSON.stringify({ n }), partition: n % 4 })));
      const group = `shared-${mode}`;
      const sink = (name: string): string => `'mode' = '${mode}', '${name}.type' = 'kafka_sink', '${name}.bootstrap.servers' = '${broker().address}', '${name}.topic' = '${mode}-${name}'`;
      const sql = `CREATE STREAM nums (n INTEGER) WITH ('nums.type' = 'kafka_source', 'nums.bootstrap.servers' = '${broker().address}', 'nums.topic' = '${input}', 'nums.group.id' = '${group}', 'nums.auto.offset.reset' = 'earliest');
        CREATE STREAM o1 AS SELECT n FROM nums WITH (${sink('o1')});
        CREATE STREAM o2 AS SELECT n FROM nums WITH (${sink('o2')});`;
      const logged: string[] = [];
      const app = await runApp(sql, tempDir(), { log: (_level, message) => void logged.push(message) });
      for (const job of ['o1', 'o2']) {
        await waitFor(`${job}'s offsets at the end`, async () => ((await committedOffsets(kafka, `${group}-${job}`, input)).join() === '100,100,100,100' ? true : undefined), 20_000);
      }
      const [first, second] = await app.stop();
      expect(first!.error ?? second!.error).toBeUndefined();
      for (const job of ['o1', 'o2']) {
        const out = (await consumeJson(kafka, `${mode}-${job}`, 400, 300, 20_000)).map((v) => v.n as number).sort((a, b) => a - b);
        expect(out).toEqual(Array.from({ length: 400 }, (_, n) => n));
      }
      expect(logged).toContain(`jobs of this file share the Kafka group '${group}': this one reads under '${group}-o1'`);
      expect((await committedOffsets(kafka, group, input)).every((o) => o < 0)).toBe(true);
    }, 60_000);
  }
});
