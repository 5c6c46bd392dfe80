import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumeAll, kafkaFor, sharedTestBroker } from '../../broker/helpers.js';
import { registerKafkaCodecs } from '../../../lib/connectors/kafka/codecs/kafkaCodecs.js';
import { runApp, tempDir } from './kafkaTestKit.js';

const dataDir = tempDir();
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const ROWS = 400;
const run = promisify(execFile);
// The spec's own kafkajs reader decodes snappy, lz4 and zstd with the codecs the connectors use
// (the sink registers them in its producer thread, not in this one).
registerKafkaCodecs();

/** Bytes the broker stores on disk for a topic (every file under a path naming it). */
function storedBytes(topic: string): number {
  let total = 0;
  for (const entry of readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && path.includes(topic)) total += statSync(path).size;
  }
  return total;
}

/** The sink's compression codecs against our broker (data on disk), read back by kafkajs and by librdkafka (kcat). */
describe('kafka_sink compression', () => {
  const broker = sharedTestBroker({ dataDir });

  it('writes batches in every codec that the broker stores compressed and kafkajs and kcat read back', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: ROWS }, (_, n) => JSON.stringify({ n, note: 'the same compressible text in every row of this file' }));
    writeFileSync(join(dir, 'in.jsonl'), lines.join('\n') + '\n');
    const sizes = new Map<string, number>();
    for (const codec of CODECS) {
      const app = await runApp(
        `CREATE STREAM src (n INTEGER, note STRING) WITH ('src.type' = 'file_source', 'src.path' = 'in.jsonl');
         CREATE STREAM dst AS SELECT n, note FROM src
           WITH ('dst.type' = 'kafka_sink', 'dst.bootstrap.servers' = '${broker().address}', 'dst.topic' = 'zip-${codec}', 'dst.compression.type' = '${codec}');`,
        dir,
      );
      const [outcome] = await app.done;
      expect(outcome!.error).toBeUndefined();
      const read = await consumeAll(kafkaFor(broker()), `zip-${codec}`, ROWS);
      expect(read.map((r) => (JSON.parse(r.value!) as { n: number }).n)).toEqual(Array.from({ length: ROWS }, (_, n) => n));
      // librdkafka decodes each codec itself; the broker runs in this process, so kcat runs asynchronously.
      const kcat = await run('kcat', ['-C', '-b', broker().address, '-t', `zip-${codec}`, '-o', 'beginning', '-e', '-q', '-X', 'check.crcs=true', '-f', '%s\n'], { encoding: 'utf8', timeout: 20_000 });
      expect(kcat.stdout.split('\n').filter((l) => l !== '').length).toBe(ROWS);
      sizes.set(codec, storedBytes(`zip-${codec}`));
    }
    const plain = sizes.get('none')!;
    for (const codec of CODECS.slice(1)) expect(sizes.get(codec)!, `${codec} stored bytes against ${plain} uncompressed`).toBeLessThan(plain / 3);
  }, 60_000);
});
