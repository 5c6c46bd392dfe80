import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { MemorySink } from '../../lib/connectors/memory/memorySink.js';
import { memorySource } from '../../lib/connectors/memory/memorySource.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { INTEGER, STRING } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';
import { readAllRows } from './connectorTestKit.js';

const SCHEMA = schemaOf([field('id', INTEGER), field('s', STRING)]);

describe('memory source and sink', () => {
  it('widens declared-only rows once with system columns and batches an array', async () => {
    const input: Row[] = [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ];
    const source = memorySource(SCHEMA, input, { batchSize: 2 });
    expect(source.bounded).toBe(true);
    const batches: Row[][] = [];
    for await (const batch of source.batches()) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
    expect(batches[0]![1]).toEqual([2, 'b', expect.any(Number), 1, 0, null, 'memory', null]);
    expect(input[0]).toEqual([1, 'a']);
    const again = await readAllRows(source);
    expect(again[2]!.slice(0, 4)).toEqual([3, 'c', batches[1]![0]![2], 2]);
  });

  it('keeps full-width rows and rejects rows of another width', async () => {
    const full: Row = [1, 'a', 5, 9, 0, 'k', 't', null];
    expect(await readAllRows(memorySource(SCHEMA, [full]))).toEqual([full]);
    expect(() => memorySource(SCHEMA, [[1]])).toThrow(/a row has 1 values; expected 2 \(declared columns\) or 8/);
  });

  it('reads batches from an async iterable and from an Observable', async () => {
    async function* produce(): AsyncGenerator<Row[]> {
      yield [[1, 'x']];
      yield [];
      yield [[2, 'y']];
    }
    const fromIterable = await readAllRows(memorySource(SCHEMA, produce(), { topic: 'feed' }));
    expect(fromIterable.map((r) => [r[0], r[3], r[6]])).toEqual([
      [1, 0, 'feed'],
      [2, 1, 'feed'],
    ]);
    const subject = new Subject<Row[]>();
    const source = memorySource(SCHEMA, subject);
    expect(source.bounded).toBe(false);
    const reading = readAllRows(source);
    await Promise.resolve();
    subject.next([[1, 'p']]);
    subject.next([[2, 'q']]);
    subject.complete();
    expect((await reading).map((r) => r[0])).toEqual([1, 2]);
  });

  it('fails the iteration when the Observable errors', async () => {
    const subject = new Subject<Row[]>();
    const reading = readAllRows(memorySource(SCHEMA, subject));
    await Promise.resolve();
    subject.error(new Error('boom'));
    await expect(reading).rejects.toThrow('boom');
  });

  it('collects written rows and batch sizes', async () => {
    const sink = new MemorySink();
    await sink.write([[1, 'a']]);
    await sink.write([
      [2, 'b'],
      [3, 'c'],
    ]);
    await sink.flush();
    await sink.close();
    expect(sink.rows).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(sink.batches).toEqual([1, 2]);
    expect(sink.closed).toBe(true);
  });
});
