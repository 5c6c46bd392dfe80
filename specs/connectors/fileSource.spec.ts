import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fileSourceFactory } from '../../lib/connectors/file/fileSourceFactory.js';
import { Decimal } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { decimalType, INTEGER, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';
import { declaredValues, props, readAllRows, tempDir, testContext } from './connectorTestKit.js';

const dec = (text: string): Decimal => Decimal.parse(text);

describe('file source: CSV', () => {
  it('reads a CSV file with a header, inferring INTEGER, DECIMAL and STRING columns', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'trades.csv'), 'id,symbol,price\n1,AAPL,150.25\n2,MSFT,310.5\n');
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'trades.csv' }), undefined, ctx);
    expect(source.bounded).toBe(true);
    expect(source.schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', INTEGER],
      ['symbol', STRING],
      ['price', decimalType(38, 2)],
    ]);
    const rows = await readAllRows(source);
    expect(declaredValues(rows, 3)).toEqual([
      [1, 'AAPL', dec('150.25')],
      [2, 'MSFT', dec('310.50')],
    ]);
    expect(rows[0]!.length).toBe(3 + 6);
    const [timestamp, offset, partition, key, topic, headers] = rows[1]!.slice(3);
    expect(typeof timestamp).toBe('number');
    expect(Math.abs((timestamp as number) - Date.now())).toBeLessThan(60_000);
    expect([offset, partition, key, topic, headers]).toEqual([1, 0, null, 'trades.csv', null]);
  });

  it('names columns col_0, col_1... without a header and matches a declared schema by position', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), '1,x\n2,y\n');
    const inferred = await fileSourceFactory.open(props({ path: 'a.csv', has_headers: 'false' }), undefined, testContext(dir));
    expect(inferred.schema.fields.map((f) => f.name)).toEqual(['col_0', 'col_1']);
    expect(declaredValues(await readAllRows(inferred), 2)).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    const declared = schemaOf([field('n', STRING), field('label', STRING)]);
    const bound = await fileSourceFactory.open(props({ path: 'a.csv', header: 'false' }), declared, testContext(dir));
    expect(declaredValues(await readAllRows(bound), 2)).toEqual([
      ['1', 'x'],
      ['2', 'y'],
    ]);
  });

  it('matches declared columns to the header by name, whatever their order', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), 'price,symbol,ts\n1.5,AAPL,2024-01-01T00:00:01Z\n');
    const declared = schemaOf([field('symbol', STRING), field('price', decimalType(18, 4)), field('ts', TIMESTAMP)]);
    const source = await fileSourceFactory.open(props({ path: 'a.csv' }), declared, testContext(dir));
    const [row] = declaredValues(await readAllRows(source), 3);
    expect(row![0]).toBe('AAPL');
    expect((row![1] as Decimal).toString()).toBe('1.5000');
    expect(row![2]).toBe(Date.UTC(2024, 0, 1, 0, 0, 1));
  });

  it('fails naming the file when a declared column is missing from the header', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), 'a,b\n1,2\n');
    const source = await fileSourceFactory.open(props({ path: 'a.csv' }), schemaOf([field('c', STRING)]), testContext(dir));
    await expect(readAllRows(source)).rejects.toThrow(/column 'c' is not in the CSV header of .*a\.csv \(header: a, b\)/);
  });

  it('reads quoted fields holding delimiters, doubled quotes and line breaks, with CRLF line ends', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'q.csv'), 'id,note\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n4,\r\n');
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'q.csv' }), undefined, ctx);
    expect(declaredValues(await readAllRows(source), 2)).toEqual([
      [1, 'a, b'],
      [2, 'say "hi"'],
      [3, 'two\nlines'],
      [4, null],
    ]);
    expect(ctx.badRecords).toEqual([]);
  });

  it('honours a custom delimiter and quote character', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'semi.txt'), "k;v\nx;'1;2'\n");
    const source = await fileSourceFactory.open(
      props({ path: 'semi.txt', format: 'csv', delimiter: ';', quote: "'" }),
      undefined,
      testContext(dir),
    );
    expect(declaredValues(await readAllRows(source), 2)).toEqual([['x', '1;2']]);
  });

  it('reports malformed records with file and line and keeps reading', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'id,qty\n1,10\n2\n3,abc\n4,40\n5,"open\n');
    const ctx = testContext(dir);
    const declared = schemaOf([field('id', INTEGER), field('qty', INTEGER)]);
    const source = await fileSourceFactory.open(props({ path: 'bad.csv' }), declared, ctx);
    const rows = await readAllRows(source);
    expect(declaredValues(rows, 2)).toEqual([
      [1, 10],
      [4, 40],
    ]);
    expect(rows.map((r) => r[3])).toEqual([0, 3]);
    expect(ctx.badRecords.map((b) => [b.origin, b.position, b.raw])).toEqual([
      [file, 3, '2'],
      [file, 4, '3,abc'],
      [file, 6, '5,"open'],
    ]);
    expect(ctx.badRecords[0]!.error.message).toBe('expected 2 fields, got 1'); // file and line travel in origin and position, not repeated here
    expect(ctx.badRecords[1]!.error.message).toMatch(/column 'qty'.*INTEGER/);
    expect((ctx.badRecords[1]!.error as FerrisError).code).toBe('BAD_RECORD');
  });
});

describe('file source: JSON', () => {
  it('reads JSON lines, missing fields as null, with a declared schema', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 't.jsonl'), '{"id":1,"price":"150.2567","sym":"A"}\n\n{"id":2,"price":99.5}\n');
    const declared = schemaOf([field('id', INTEGER), field('sym', STRING), field('price', decimalType(18, 4))]);
    const source = await fileSourceFactory.open(props({ path: 't.jsonl' }), declared, testContext(dir));
    const rows = declaredValues(await readAllRows(source), 3);
    expect(rows.map((r) => [r[0], r[1], (r[2] as Decimal).toString()])).toEqual([
      [1, 'A', '150.2567'],
      [2, null, '99.5000'],
    ]);
  });

  it('infers a JSON-lines schema in order of first appearance and reports bad lines', async () => {
    const dir = tempDir();
    const file = path.join(dir, 't.jsonl');
    writeFileSync(file, '{"a":1}\n{"a":2,"b":"x"}\nnot json\n[1]\n{"a":3,"b":"y"}');
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 't.jsonl' }), undefined, ctx);
    expect(source.schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['a', INTEGER],
      ['b', STRING],
    ]);
    expect(declaredValues(await readAllRows(source), 2)).toEqual([
      [1, null],
      [2, 'x'],
      [3, 'y'],
    ]);
    expect(ctx.badRecords.map((b) => [b.position, b.raw])).toEqual([
      [3, 'not json'],
      [4, '[1]'],
    ]);
  });

  it('reads a JSON array file element by element', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.json');
    writeFileSync(file, '[\n  {"id": 1, "s": "a]b\\"}"},\n  {"id": 2, "s": "c", "n": [1, {"x": 2}]},\n  {"id": oops},\n  {"id": 4}\n]\n');
    const ctx = testContext(dir);
    const declared = schemaOf([field('id', INTEGER), field('s', STRING)]);
    const source = await fileSourceFactory.open(props({ path: 'a.json' }), declared, ctx);
    expect(declaredValues(await readAllRows(source), 2)).toEqual([
      [1, 'a]b"}'],
      [2, 'c'],
      [4, null],
    ]);
    expect(ctx.badRecords.map((b) => [b.position, b.raw])).toEqual([[4, '{"id": oops}']]);
  });

  it('reports a JSON array that is not closed', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.json'), '[{"id": 1}, {"id": 2');
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'a.json' }), schemaOf([field('id', INTEGER)]), ctx);
    expect(declaredValues(await readAllRows(source), 1)).toEqual([[1]]);
    expect(ctx.badRecords[0]!.error.message).toMatch(/not closed/);
  });
});

describe('file source: files', () => {
  it('reads gzip files, by extension and when forced', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.jsonl.gz'), gzipSync('{"x":1}\n{"x":2}\n'));
    writeFileSync(path.join(dir, 'b.data'), gzipSync('x\n3\n'));
    const auto = await fileSourceFactory.open(props({ path: 'a.jsonl.gz' }), undefined, testContext(dir));
    expect(declaredValues(await readAllRows(auto), 1)).toEqual([[1], [2]]);
    const forced = await fileSourceFactory.open(props({ path: 'b.data', format: 'csv', compression: 'gzip' }), undefined, testContext(dir));
    expect(declaredValues(await readAllRows(forced), 1)).toEqual([[3]]);
  });

  it('fails with an IO error naming a corrupt gzip file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.csv.gz'), 'not gzip at all');
    await expect(
      fileSourceFactory.open(props({ path: 'bad.csv.gz' }), schemaOf([field('x', STRING)]), testContext(dir)).then(readAllRows),
    ).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining('bad.csv.gz') });
  });

  it('expands a glob in sorted order, numbering files as partitions', async () => {
    const dir = tempDir();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(dir, 'in', 'deep'), { recursive: true });
    writeFileSync(path.join(dir, 'in', 'b.csv'), 'v\n2\n');
    writeFileSync(path.join(dir, 'in', 'a.csv'), 'v\n1\n');
    writeFileSync(path.join(dir, 'in', 'deep', 'c.csv'), 'v\n3\n');
    writeFileSync(path.join(dir, 'in', 'skip.txt'), 'v\n9\n');
    const flat = await fileSourceFactory.open(props({ path: 'in/?.csv' }), undefined, testContext(dir));
    const flatRows = await readAllRows(flat);
    expect(flatRows.map((r) => [r[0], r[2], r[3], r[5]])).toEqual([
      [1, 0, 0, path.join('in', 'a.csv')],
      [2, 0, 1, path.join('in', 'b.csv')],
    ]);
    const deep = await fileSourceFactory.open(props({ path: path.join(dir, 'in/**/*.csv') }), undefined, testContext('/elsewhere'));
    expect((await readAllRows(deep)).map((r) => [r[0], r[5]])).toEqual([
      [1, path.join(dir, 'in', 'a.csv')],
      [2, path.join(dir, 'in', 'b.csv')],
      [3, path.join(dir, 'in', 'deep', 'c.csv')],
    ]);
  });

  it('fails with an IO error naming a missing file or an empty glob, as written and resolved', async () => {
    const dir = tempDir();
    await expect(fileSourceFactory.open(props({ path: 'nope.csv' }), undefined, testContext(dir))).rejects.toMatchObject({
      code: 'IO',
      message: `file not found: 'nope.csv' (resolved to ${path.join(dir, 'nope.csv')})`,
    });
    await expect(fileSourceFactory.open(props({ path: 'x/*.csv' }), undefined, testContext(dir))).rejects.toMatchObject({
      code: 'IO',
      message: `no file matches 'x/*.csv' (resolved to ${path.join(dir, 'x/*.csv')})`,
    });
  });

  it('says a directory given as the path is a directory, and how to read the files in it', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'in'));
    await expect(fileSourceFactory.open(props({ path: 'in/', format: 'csv' }), undefined, testContext(dir))).rejects.toMatchObject({
      code: 'IO',
      message: `'in/' is a directory, not a file (resolved to ${path.join(dir, 'in')}); for the files in it give a pattern such as 'in/*.csv'`,
    });
  });

  it('hands out batches of batch.size rows', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'n.csv'), 'n\n' + Array.from({ length: 25 }, (_, i) => `${i}\n`).join(''));
    const source = await fileSourceFactory.open(props({ path: 'n.csv', 'batch.size': '10' }), undefined, testContext(dir));
    const sizes: number[] = [];
    for await (const batch of source.batches()) sizes.push(batch.length);
    expect(sizes).toEqual([10, 10, 5]);
  });
});
