import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamSink, stdoutSinkFactory } from '../../lib/connectors/stdout/stdoutSink.js';
import { Decimal } from '../../lib/types/decimal.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { decimalType, STRING } from '../../lib/types/sqlType.js';
import { DEFAULT_FORMAT } from '../../lib/types/valueText.js';
import { props, testContext } from './connectorTestKit.js';

const SCHEMA = schemaOf([field('s', STRING), field('p', decimalType(10, 2))]);

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('stdout sink', () => {
  it('writes JSON lines', async () => {
    const out = capture();
    const sink = new StreamSink(out.stream, SCHEMA, { ...DEFAULT_FORMAT, format: 'jsonl', delimiter: ',' });
    await sink.write([['a', Decimal.parse('1.50')]]);
    await sink.write([['b', null]]);
    await sink.close();
    expect(out.text()).toBe('{"s":"a","p":"1.50"}\n{"s":"b","p":null}\n');
  });

  it('writes CSV with one header line', async () => {
    const out = capture();
    const sink = new StreamSink(out.stream, SCHEMA, { ...DEFAULT_FORMAT, format: 'csv', delimiter: '|' });
    await sink.write([['a|b', Decimal.parse('2.25')]]);
    await sink.write([['c', null]]);
    await sink.flush();
    expect(out.text()).toBe('s|p\n"a|b"|2.25\nc|\n');
  });

  it('reports a failing stream as an IO error on the next write', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('EPIPE'));
      },
    });
    const sink = new StreamSink(broken, SCHEMA, { ...DEFAULT_FORMAT, format: 'jsonl', delimiter: ',' });
    await sink.write([['a', null]]).catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(sink.write([['b', null]])).rejects.toMatchObject({ code: 'IO', message: 'cannot write stdout: EPIPE' });
  });

  it('is registered as type stdout with format jsonl or csv', async () => {
    const sink = await stdoutSinkFactory.open(props({ format: 'csv' }), SCHEMA, testContext('/'));
    expect(sink).toBeInstanceOf(StreamSink);
    await expect(stdoutSinkFactory.open(props({ format: 'xml' }), SCHEMA, testContext('/'))).rejects.toMatchObject({
      message: "invalid value 'xml' for 'format'; accepted values: jsonl, csv",
    });
  });
});
