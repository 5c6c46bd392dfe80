import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fileSinkFactory } from '../../lib/connectors/file/fileSinkFactory.js';
import { rotatedPath } from '../../lib/connectors/file/rotatedPath.js';
import { Decimal } from '../../lib/types/decimal.js';
import type { Schema } from '../../lib/types/schema.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { BOOLEAN, decimalType, DOUBLE, INTEGER, STRING, TIMESTAMP, arrayType } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';
import { props, tempDir, testContext } from './connectorTestKit.js';

const SCHEMA: Schema = schemaOf([
  field('id', INTEGER),
  field('symbol', STRING),
  field('price', decimalType(18, 4)),
  field('ts', TIMESTAMP),
]);

const T0 = Date.UTC(2024, 0, 1, 0, 1, 0);

function trades(n: number, from = 1): Row[] {
  return Array.from({ length: n }, (_, i) => [from + i, `S${from + i}`, Decimal.parse('15025.6700'), T0 + i * 1000]);
}

async function writeAll(entries: Record<string, string>, dir: string, batches: Row[][], schema: Schema = SCHEMA): Promise<void> {
  const sink = await fileSinkFactory.open(props(entries), schema, testContext(dir));
  for (const batch of batches) await sink.write(batch);
  await sink.flush();
  await sink.close();
}

describe('file sink', () => {
  it('writes JSON lines with decimals as strings keeping their scale and ISO timestamps', async () => {
    const dir = tempDir();
    await writeAll({ path: 'out.jsonl' }, dir, [trades(2)]);
    expect(readFileSync(path.join(dir, 'out.jsonl'), 'utf8')).toBe(
      '{"id":1,"symbol":"S1","price":"15025.6700","ts":"2024-01-01T00:01:00.000Z"}\n' +
        '{"id":2,"symbol":"S2","price":"15025.6700","ts":"2024-01-01T00:01:01.000Z"}\n',
    );
  });

  it('switches decimals to numbers and timestamps to epoch millis', async () => {
    const dir = tempDir();
    await writeAll({ path: 'out.jsonl', 'decimal.format': 'number', 'timestamp.format': 'epoch_millis' }, dir, [trades(1)]);
    expect(readFileSync(path.join(dir, 'out.jsonl'), 'utf8')).toBe(`{"id":1,"symbol":"S1","price":15025.67,"ts":${T0}}\n`);
  });

  it('writes only the schema columns, escapes strings, and matches JSON.stringify of toJsonValue for other types', async () => {
    const dir = tempDir();
    const schema = schemaOf([field('s', STRING), field('b', BOOLEAN), field('d', DOUBLE), field('a', arrayType(INTEGER)), field('big', INTEGER)]);
    const row: Row = ['quote " and \n newline', true, Number.NaN, [1, null], 2n ** 60n, 'system column'];
    await writeAll({ path: 'out.jsonl' }, dir, [[row, [null, null, 1.5, null, null]]], schema);
    const lines = readFileSync(path.join(dir, 'out.jsonl'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ s: 'quote " and \n newline', b: true, d: 'NaN', a: [1, null], big: '1152921504606846976' });
    expect(lines[1]).toBe('{"s":null,"b":null,"d":1.5,"a":null,"big":null}');
  });

  it('writes CSV with a header, quoting fields that need it, nulls as empty fields', async () => {
    const dir = tempDir();
    const rows: Row[] = [
      [1, 'a,b', Decimal.parse('1.5'), T0],
      [2, 'say "hi"', null, null],
    ];
    await writeAll({ path: 'out.csv' }, dir, [rows]);
    expect(readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe(
      'id,symbol,price,ts\n1,"a,b",1.5,2024-01-01T00:01:00.000Z\n2,"say ""hi""",,\n',
    );
  });

  it('writes CSV with a custom delimiter', async () => {
    const dir = tempDir();
    await writeAll({ path: 'out.txt', format: 'csv', delimiter: ';' }, dir, [[[1, 'x;y', null, T0]]]);
    expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('id;symbol;price;ts\n1;"x;y";;2024-01-01T00:01:00.000Z\n');
  });

  it('writes a JSON array file', async () => {
    const dir = tempDir();
    await writeAll({ path: 'out.json' }, dir, [trades(1), trades(1, 2)]);
    const parsed = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as { id: number }[];
    expect(parsed.map((o) => o.id)).toEqual([1, 2]);
    await writeAll({ path: 'empty.json' }, dir, []);
    expect(JSON.parse(readFileSync(path.join(dir, 'empty.json'), 'utf8'))).toEqual([]);
  });

  it('truncates by default and appends with append = true, without repeating the CSV header', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.csv');
    writeFileSync(file, 'old content\n');
    await writeAll({ path: 'out.csv' }, dir, [trades(1)]);
    await writeAll({ path: 'out.csv', append: 'true' }, dir, [trades(1, 2)]);
    expect(readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')).toEqual([
      'id,symbol,price,ts',
      '1,S1,15025.6700,2024-01-01T00:01:00.000Z',
      '2,S2,15025.6700,2024-01-01T00:01:00.000Z',
    ]);
  });

  it('writes gzip by extension, and appends as a second gzip member', async () => {
    const dir = tempDir();
    await writeAll({ path: 'out.jsonl.gz' }, dir, [trades(2)]);
    await writeAll({ path: 'out.jsonl.gz', append: 'true' }, dir, [trades(1, 3)]);
    const text = gunzipSync(readFileSync(path.join(dir, 'out.jsonl.gz'))).toString('utf8');
    expect(text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([1, 2, 3]);
  });

  it('rotates by record count to <stem>.<n>.<ext>, each CSV file with its header', async () => {
    const dir = tempDir();
    await writeAll({ path: 'out.csv', 'rotation.max_records': '2' }, dir, [trades(3), trades(2, 4)]);
    const read = (n: number): string[] => readFileSync(rotatedPath(path.join(dir, 'out.csv'), n), 'utf8').trimEnd().split('\n');
    expect(read(0).map((l) => l.split(',')[0])).toEqual(['id', '1', '2']);
    expect(read(1).map((l) => l.split(',')[0])).toEqual(['id', '3', '4']);
    expect(read(2).map((l) => l.split(',')[0])).toEqual(['id', '5']);
    expect(existsSync(path.join(dir, 'out.3.csv'))).toBe(false);
  });

  it('rotates by size, never beyond max_bytes unless one record alone is larger', async () => {
    const dir = tempDir();
    const line = '{"id":1,"symbol":"S1","price":"15025.6700","ts":"2024-01-01T00:01:00.000Z"}\n';
    const maxBytes = line.length * 3 + 5;
    await writeAll({ path: 'out.jsonl', 'rotation.max_bytes': String(maxBytes) }, dir, [trades(4), trades(4, 5)]);
    const files = [0, 1, 2].map((n) => readFileSync(rotatedPath(path.join(dir, 'out.jsonl'), n), 'utf8'));
    expect(files.map((f) => f.trimEnd().split('\n').length)).toEqual([3, 3, 2]);
    for (const f of files) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(maxBytes);
    expect(existsSync(rotatedPath(path.join(dir, 'out.jsonl'), 3))).toBe(false);
    const tiny = tempDir();
    await writeAll({ path: 'o.jsonl', 'rotation.max_bytes': '10' }, tiny, [trades(2)]);
    expect(readFileSync(path.join(tiny, 'o.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(1);
    expect(readFileSync(path.join(tiny, 'o.1.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  it('continues rotated numbering when appending', async () => {
    const dir = tempDir();
    await writeAll({ path: 'out.jsonl', 'rotation.max_records': '1' }, dir, [trades(2)]);
    await writeAll({ path: 'out.jsonl', 'rotation.max_records': '1', append: 'true' }, dir, [trades(2, 3)]);
    const ids = [0, 1, 2].map((n) =>
      readFileSync(rotatedPath(path.join(dir, 'out.jsonl'), n), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: number }).id),
    );
    expect(ids).toEqual([[1], [2, 3], [4]]);
  });

  it('names rotated files: index before the extension, .gz kept with it', () => {
    expect(rotatedPath('/d/out.jsonl', 0)).toBe('/d/out.jsonl');
    expect(rotatedPath('/d/out.jsonl', 2)).toBe('/d/out.2.jsonl');
    expect(rotatedPath('/d/out.csv.gz', 1)).toBe('/d/out.1.csv.gz');
    expect(rotatedPath('/d/trades.out.json', 3)).toBe('/d/trades.out.3.json');
    expect(rotatedPath('/d/out', 1)).toBe('/d/out.1');
  });

  it('rejects append to a JSON array file as not supported yet', async () => {
    const dir = tempDir();
    await expect(fileSinkFactory.open(props({ path: 'o.json', append: 'true' }), SCHEMA, testContext(dir))).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: expect.stringContaining('not supported yet'),
    });
  });

  it('fails with an IO error naming a path that cannot be written', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file'), '');
    await expect(fileSinkFactory.open(props({ path: 'file/out.jsonl' }), SCHEMA, testContext(dir))).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringContaining(path.join(dir, 'file', 'out.jsonl')),
    });
  });
});

describe('file sink: targets that are not regular files', () => {
  it('writes and flushes to /dev/null (no fsync, which a device refuses)', async () => {
    await expect(writeAll({ path: '/dev/null', format: 'jsonl' }, tempDir(), [trades(3)])).resolves.toBeUndefined();
  });

  it('refuses rotation on a device as not supported yet, naming it', async () => {
    await expect(fileSinkFactory.open(props({ path: '/dev/null', format: 'jsonl', 'rotation.max_records': '10' }), SCHEMA, testContext(tempDir()))).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: expect.stringContaining('/dev/null, which is not a regular file'),
    });
  });
});
