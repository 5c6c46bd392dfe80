import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { READ_CHUNK_BYTES } from '../../lib/connectors/file/fileChunks.js';
import { FileSource } from '../../lib/connectors/file/fileSource.js';
import { fileSourceConfig } from '../../lib/connectors/file/fileSourceFactory.js';
import { fileSinkFactory } from '../../lib/connectors/file/fileSinkFactory.js';
import { StreamSink } from '../../lib/connectors/stdout/stdoutSink.js';
import { DEFAULT_FORMAT } from '../../lib/types/valueText.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { INTEGER, STRING } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';
import { props, tempDir, testContext } from './connectorTestKit.js';

const SCHEMA = schemaOf([field('id', INTEGER), field('pad', STRING)]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fixed-width JSON line so bytes consumed = rows × LINE_BYTES. */
function line(id: number): string {
  return `{"id":${id},"pad":"${'x'.repeat(40)}"}`.padEnd(63, ' ') + '\n';
}
const LINE_BYTES = 64;

function bigRows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => [i, 'y'.repeat(100)]);
}

describe('controlled pull and backpressure', () => {
  it('reads a large file only as fast as a slow consumer pulls batches', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.jsonl');
    const lines = 200_000;
    const out = createWriteStream(file);
    for (let i = 0; i < lines; i += 10_000) {
      let text = '';
      for (let j = i; j < i + 10_000; j++) text += line(j);
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise((resolve) => out.end(resolve));
    expect(line(123456)).toHaveLength(LINE_BYTES);

    const ctx = testContext(dir);
    const source = await FileSource.open(fileSourceConfig(props({ path: 'big.jsonl', 'batch.size': '1000' }), dir), SCHEMA, ctx);
    let consumed = 0;
    let maxAhead = 0;
    let batches = 0;
    for await (const batch of source.batches()) {
      consumed += batch.length;
      maxAhead = Math.max(maxAhead, source.bytesRead - consumed * LINE_BYTES);
      if (++batches % 4 === 0) await sleep(5);
    }
    expect(consumed).toBe(lines);
    expect(source.bytesRead).toBe(lines * LINE_BYTES);
    expect(maxAhead).toBeGreaterThan(0);
    expect(maxAhead).toBeLessThanOrEqual(3 * READ_CHUNK_BYTES);
  });

  it("file sink: write() waits while the destination (a FIFO with a paused reader) is saturated", async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    const reader = createReadStream(fifo);
    reader.pause();
    const sink = await fileSinkFactory.open(props({ path: fifo }), SCHEMA, testContext(dir));
    let accepted = false;
    const write = sink.write(bigRows(20_000)).then(() => {
      accepted = true;
    });
    await sleep(200);
    expect(accepted).toBe(false);
    let received = 0;
    reader.on('data', (chunk: Buffer | string) => {
      received += chunk.length;
    });
    reader.resume();
    await write;
    expect(accepted).toBe(true);
    const closed = new Promise<void>((resolve) => reader.on('end', () => resolve()));
    await sink.close();
    await closed;
    const expectedBytes = bigRows(20_000).reduce((n, [id, pad]) => n + JSON.stringify({ id, pad }).length + 1, 0);
    expect(received).toBe(expectedBytes);
  });

  it('stream sink: write() resolves only once a slow stream drained', async () => {
    let inFlight = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        inFlight++;
        setTimeout(() => {
          inFlight--;
          callback();
        }, 30);
      },
    });
    const sink = new StreamSink(slow, SCHEMA, { ...DEFAULT_FORMAT, format: 'jsonl', delimiter: ',' });
    const started = Date.now();
    await sink.write(bigRows(100));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(slow.writableLength).toBeLessThanOrEqual(1024);
    await sink.close();
    expect(inFlight).toBe(0);
  });
});
