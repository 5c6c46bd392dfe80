import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CsvOptions } from '../../lib/connectors/file/csvRowDecoder.js';
import { CsvRowDecoder } from '../../lib/connectors/file/csvRowDecoder.js';
import { LineFramer } from '../../lib/connectors/file/lineFramer.js';
import type { RecordHandler } from '../../lib/connectors/file/recordFramer.js';
import { RowBatcher } from '../../lib/connectors/rowBatcher.js';
import { SYSTEM_COLUMN_AT, SYSTEM_COLUMN_COUNT } from '../../lib/connectors/systemColumns.js';
import type { BadRecord } from '../../lib/connectors/types.js';
import { field, schemaOf, type Schema } from '../../lib/types/schema.js';
import { INTEGER, STRING, decimalType } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';

const OPTIONS: CsvOptions = { delimiter: ';', quote: '"', hasHeader: false, nullLiteral: '' };
const SCHEMA = schemaOf([field('name', STRING), field('n', INTEGER), field('t', decimalType(4, 1))]);

/** Hides a decoder's fast path, so the framer hands every line to `record`. */
class RecordOnly implements RecordHandler {
  constructor(private readonly decoder: CsvRowDecoder) {}
  record(text: string, start: number, end: number, line: number): void {
    this.decoder.record(text, start, end, line);
  }
  malformed(raw: string, line: number, message: string): void {
    this.decoder.malformed(raw, line, message);
  }
}

interface Decoded {
  readonly rows: Row[];
  readonly bad: { raw: string; position: number; message: string }[];
}

/** Frames and decodes `text` fed in pieces of `chunk` characters, through the fast path or not. */
function decode(text: string, chunk: number, fast: boolean, options = OPTIONS, schema: Schema = SCHEMA, read?: readonly boolean[]): Decoded {
  const batcher = new RowBatcher(1_000_000);
  const bad: Decoded['bad'] = [];
  const onBadRecord = (b: BadRecord): void => void bad.push({ raw: b.raw, position: b.position, message: b.error.message });
  const decoder = new CsvRowDecoder(schema, options, { batcher, onBadRecord, partition: 3, topic: 'in.csv', origin: '/in.csv' }, read);
  decoder.now = 1234;
  const handler = fast ? decoder : new RecordOnly(decoder);
  const framer = new LineFramer(options, 1 << 20);
  for (let at = 0; at < text.length; at += chunk) framer.feed(text.slice(at, at + chunk), handler);
  framer.finish(handler);
  return { rows: batcher.takePartial() ?? [], bad };
}

describe('CSV lines without quotes split by indexOf (the fast path) read as the general path reads them', () => {
  it('same rows, same bad records with their lines, for any mix of lines and chunk sizes', () => {
    const piece = fc.constantFrom('Oslo', 'São Paulo', 'Ağrı', '', ' ', '12', '-3', '4.5', '-0.7', 'x', ';', ';;', '"', '""', '\r', '\n', '\n\n', '\r\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (pieces, chunk) => {
        const text = pieces.join('');
        expect(decode(text, chunk, true)).toEqual(decode(text, chunk, false));
      }),
      { numRuns: 400 },
    );
  });

  it('a quoted line between plain ones: the delimiters found in it are not taken for the next line', () => {
    const text = 'a;1;2.5\nx;"q;r";1\nb;2;3.5\n"y";3;1.0\nc;4;-0.5\n';
    const fast = decode(text, 1000, true);
    expect(fast).toEqual(decode(text, 1000, false));
    expect(fast.rows.map((r) => r[0])).toEqual(['a', 'b', 'y', 'c']);
  });

  it('a file of one column (no delimiter in any line) and lines of more fields than the schema', () => {
    const one = schemaOf([field('name', STRING)]);
    const text = 'a\nb;c\nd\n\ne;f;g\nh\n';
    const fast = decode(text, 4, true, OPTIONS, one);
    expect(fast).toEqual(decode(text, 4, false, OPTIONS, one));
    expect(fast.rows.map((r) => r[0])).toEqual(['a', 'd', 'h']);
    expect(fast.bad.map((b) => b.position)).toEqual([2, 5]);
  });
});

describe('system columns of file rows', () => {
  const width = SCHEMA.fields.length;
  it('leaves _timestamp NULL when the job does not read it, and keeps _offset, _partition and _topic for failed-row reports', () => {
    const read = Array.from({ length: width + SYSTEM_COLUMN_COUNT }, (_, c) => c === 0);
    const [first, second] = decode('a;1;2.5\nb;2;3.5\n', 64, true, OPTIONS, SCHEMA, read).rows;
    expect(first).toEqual(['a', null, null, null, 0, 3, null, 'in.csv', null]);
    expect(second![width + SYSTEM_COLUMN_AT.offset]).toBe(1);
  });

  it('stamps _timestamp when the job reads it', () => {
    const read = Array.from({ length: width + SYSTEM_COLUMN_COUNT }, (_, c) => c === 0 || c === width + SYSTEM_COLUMN_AT.timestamp);
    const [row] = decode('a;1;2.5\n', 64, true, OPTIONS, SCHEMA, read).rows;
    expect(row![width + SYSTEM_COLUMN_AT.timestamp]).toBe(1234);
  });
});
