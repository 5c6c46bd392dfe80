import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSourceFactory } from '../../lib/connectors/file/fileSourceFactory.js';
import { JsonArrayFramer } from '../../lib/connectors/file/jsonArrayFramer.js';
import { LineFramer } from '../../lib/connectors/file/lineFramer.js';
import type { RecordFramer, RecordHandler } from '../../lib/connectors/file/recordFramer.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { INTEGER, STRING } from '../../lib/types/sqlType.js';
import { declaredValues, props, readAllRows, tempDir, testContext } from './connectorTestKit.js';

/** Collects what a framer cuts: records and malformed reports, each with its line. */
class Collector implements RecordHandler {
  readonly records: [string, number][] = [];
  readonly malformedReports: { raw: string; line: number; message: string }[] = [];
  record(text: string, start: number, end: number, line: number): void {
    this.records.push([text.slice(start, end), line]);
  }
  malformed(raw: string, line: number, message: string): void {
    this.malformedReports.push({ raw, line, message });
  }
}

/** Feeds `text` in chunks of `chunk` characters and finishes. */
function frame(framer: RecordFramer, text: string, chunk: number): Collector {
  const collector = new Collector();
  for (let at = 0; at < text.length; at += chunk) framer.feed(text.slice(at, at + chunk), collector);
  framer.finish(collector);
  return collector;
}

const CSV = { quote: '"', delimiter: ',' };
const MiB = 1024 * 1024;

describe('CSV framing recovers from a stray quote', () => {
  it('a stray quote costs one record: 10,009 of 10,010 rows are read and the broken one is reported', async () => {
    const dir = tempDir();
    const lines = ['id,note'];
    for (let i = 1; i <= 10_010; i++) lines.push(i === 11 ? `${i},"unclosed note` : `${i},note ${i}`);
    writeFileSync(path.join(dir, 'a.csv'), lines.join('\n') + '\n');
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'a.csv' }), schemaOf([field('id', INTEGER), field('note', STRING)]), ctx);
    const rows = declaredValues(await readAllRows(source), 2);
    expect(rows.length).toBe(10_009);
    expect(rows[10]).toEqual([12, 'note 12']);
    expect(ctx.badRecords.length).toBe(1);
    expect(ctx.badRecords[0]!.position).toBe(12);
    expect(ctx.badRecords[0]!.raw).toBe('11,"unclosed note');
    expect(ctx.badRecords[0]!.error.message).toContain('a quoted field opened on line 12 is not closed before the end of the file; reading resumes at line 13');
  });

  it('a quote closing a stray one but followed by text fails the stray record at once; the real multi-line record after it is read', () => {
    const text = '1,"stray\n2,plain\n3,"two\nlines",x\n4,end\n';
    for (const chunk of [1, 3, text.length]) {
      const got = frame(new LineFramer(CSV, MiB), text, chunk);
      expect(got.records).toEqual([
        ['2,plain', 2],
        ['3,"two\nlines",x', 3],
        ['4,end', 5],
      ]);
      expect(got.malformedReports.map((m) => [m.raw, m.line])).toEqual([['1,"stray', 1]]);
      expect(got.malformedReports[0]!.message).toContain('closed on line 3 by a quote followed by other text');
    }
  });

  it('a quote inside an unquoted field is text and opens no multi-line record', () => {
    const got = frame(new LineFramer(CSV, MiB), '1,5" pipe\n2,ok\n', 4);
    expect(got.records).toEqual([
      ['1,5" pipe', 1],
      ['2,ok', 2],
    ]);
    expect(got.malformedReports).toEqual([]);
  });

  it('while watching (no end of file), a record left open is reported once it passes max_record_bytes and the lines after it are read', () => {
    const framer = new LineFramer(CSV, 100);
    const collector = new Collector();
    framer.feed('1,"open\n', collector);
    for (let i = 2; i <= 20; i++) framer.feed(`${i},line ${i}\n`, collector);
    expect(collector.malformedReports.map((m) => m.line)).toEqual([1]);
    expect(collector.malformedReports[0]!.message).toContain('longer than max_record_bytes (100)');
    expect(collector.records.map(([, line]) => line)).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
  });
});

describe('records are bounded by max_record_bytes', () => {
  it('skips a line beyond the bound, whatever the chunking, reporting its size in bytes, and reads the next ones', () => {
    const long = 'x'.repeat(500) + 'é';
    const text = `short 1\n${long}\r\nshort 3\n`;
    for (const chunk of [7, 64, text.length]) {
      const got = frame(new LineFramer(null, 200), text, chunk);
      expect(got.records).toEqual([
        ['short 1', 1],
        ['short 3', 3],
      ]);
      expect(got.malformedReports.length).toBe(1);
      expect(got.malformedReports[0]!.line).toBe(2);
      expect(got.malformedReports[0]!.message).toContain('a line of 502 bytes is longer than max_record_bytes (200)');
      expect(long.startsWith(got.malformedReports[0]!.raw)).toBe(true);
    }
  });

  it('counts the bound in UTF-8 bytes: a line of 100 two-byte characters passes 200 and fails 199', () => {
    const line = 'é'.repeat(100);
    expect(frame(new LineFramer(null, 200), line, 7).records).toEqual([[line, 1]]);
    expect(frame(new LineFramer(null, 199), line, 7).malformedReports.length).toBe(1);
  });

  it('reads a file through the source with max_record_bytes, counting the skipped line as a bad record', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.jsonl'), `{"id":1}\n{"id":2,"pad":"${'p'.repeat(300_000)}"}\n{"id":3}\n`);
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'a.jsonl', max_record_bytes: '65536' }), schemaOf([field('id', INTEGER)]), ctx);
    expect(declaredValues(await readAllRows(source), 1)).toEqual([[1], [3]]);
    expect(ctx.badRecords.map((b) => b.position)).toEqual([2]);
    expect(ctx.badRecords[0]!.error.message).toContain('a line of 300017 bytes is longer than max_record_bytes (65536)');
  });

  it('skips a JSON array element beyond the bound and reads the elements after it', () => {
    const text = `[{"id":1},\n{"id":2,"pad":"${'p'.repeat(1000)}"},\n{"id":3}]`;
    for (const chunk of [5, 100, text.length]) {
      const got = frame(new JsonArrayFramer(200), text, chunk);
      expect(got.records).toEqual([
        ['{"id":1}', 1],
        ['{"id":3}', 3],
      ]);
      expect(got.malformedReports.map((m) => m.line)).toEqual([2]);
      expect(got.malformedReports[0]!.message).toContain('a JSON array element of 1017 bytes is longer than max_record_bytes (200)');
    }
  });
});

describe('JSON array framing recovers', () => {
  it('a missing comma loses nothing: every element is read and the missing comma is reported', async () => {
    const dir = tempDir();
    const elements = Array.from({ length: 1000 }, (_, i) => `{"id":${i + 1}}`);
    const text = '[\n' + elements.map((e, i) => (i === 499 ? e : i === elements.length - 1 ? e : e + ',')).join('\n') + '\n]\n';
    writeFileSync(path.join(dir, 'a.json'), text);
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'a.json' }), schemaOf([field('id', INTEGER)]), ctx);
    const ids = declaredValues(await readAllRows(source), 1).map(([id]) => id);
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(ctx.badRecords.length).toBe(1);
    expect(ctx.badRecords[0]!.position).toBe(502);
    expect(ctx.badRecords[0]!.error.message).toContain("expected ',' between two array elements");
  });

  it('an element never closed is reported and framing resumes at the line after its start', () => {
    const text = '[\n{"id":1},\n{"id":2,\n{"id":3},\n{"id":4}\n]\n';
    for (const chunk of [3, text.length]) {
      const got = frame(new JsonArrayFramer(MiB), text, chunk);
      expect(got.records).toEqual([
        ['{"id":1}', 2],
        ['{"id":3}', 4],
        ['{"id":4}', 5],
      ]);
      expect(got.malformedReports.map((m) => [m.raw, m.line])).toEqual([['{"id":2,', 3]]);
      expect(got.malformedReports[0]!.message).toContain("is broken: ']' on line 6 does not close the open '{'; reading resumes at line 4");
    }
  });

  it('an element left open by the end of the file is reported and the lines after its start are framed again', () => {
    const text = '[\n{"id":1},\n{"id":2,\n{"id":3},\n{"id":4}';
    for (const chunk of [3, text.length]) {
      const got = frame(new JsonArrayFramer(MiB), text, chunk);
      expect(got.records).toEqual([
        ['{"id":1}', 2],
        ['{"id":3}', 4],
        ['{"id":4}', 5],
      ]);
      expect(got.malformedReports.map((m) => [m.raw, m.line])).toEqual([
        ['{"id":2,', 3],
        ['', 5],
      ]);
      expect(got.malformedReports[0]!.message).toContain('is not closed before the end of the file; reading resumes at line 4');
      expect(got.malformedReports[1]!.message).toContain("the JSON array is not closed with ']'");
    }
  });

  it('stray text between elements is reported once and skipped to the next element', () => {
    const got = frame(new JsonArrayFramer(MiB), '[{"a":1}} oops, {"a":2}]', 4);
    expect(got.records).toEqual([
      ['{"a":1}', 1],
      ['{"a":2}', 1],
    ]);
    expect(got.malformedReports.length).toBe(1);
  });

  it('a string ending in escaped backslashes cut by a chunk boundary still closes at its quote', () => {
    const text = '[{"a":"x\\\\\\\\"},{"b":"y\\""}]';
    for (let chunk = 1; chunk <= text.length; chunk++) {
      const got = frame(new JsonArrayFramer(MiB), text, chunk);
      expect(got.records.map(([r]) => JSON.parse(r))).toEqual([{ a: 'x\\\\' }, { b: 'y"' }]);
      expect(got.malformedReports).toEqual([]);
    }
  });
});
