import type { Writable } from 'node:stream';
import type { Schema } from '../../types/schema.js';
import type { Row } from '../../types/value.js';
import type { FormatOptions } from '../../types/valueText.js';
import { OUTPUT_FORMAT_PROPERTIES } from '../commonProperties.js';
import type { RecordLayout } from '../output/recordLayout.js';
import { recordLayout } from '../output/recordLayout.js';
import { TextOutput } from '../output/textOutput.js';
import { formatOptions } from '../outputOptions.js';
import { characterProperty, enumProperty } from '../properties.js';
import type { ConnectorMetrics, PropertySpec, Sink, SinkFactory } from '../types.js';

/** The formats the stdout sink writes. */
export type StdoutFormat = 'jsonl' | 'csv';

/** Options of a {@link StreamSink}. */
export interface StreamSinkOptions extends FormatOptions {
  readonly format: StdoutFormat;
  /** CSV field delimiter. */
  readonly delimiter: string;
}

/**
 * A sink writing JSON lines or CSV (header first) to a stream it does not own, such as
 * `process.stdout`: `write` waits for 'drain' when the stream is saturated; `close` waits for
 * the written text to be handed over but leaves the stream open.
 */
export class StreamSink implements Sink {
  private readonly output: TextOutput;
  private readonly layout: RecordLayout;
  private started = false;

  /** @param metrics the job's counters the bytes written are added to. */
  constructor(stream: Writable, schema: Schema, options: StreamSinkOptions, name = 'stdout', metrics?: ConnectorMetrics) {
    this.output = new TextOutput(stream, name, metrics);
    this.layout = recordLayout(schema, { ...options, header: true });
  }

  /** Writes the rows; resolves once the stream accepted them. */
  async write(rows: readonly Row[]): Promise<void> {
    let text = this.layout.rows(rows, 0, rows.length, 0);
    if (!this.started) {
      this.started = true;
      text = this.layout.start() + text;
    }
    await this.output.write(text);
  }

  /** Resolves once the stream has taken everything written. */
  flush(): Promise<void> {
    return this.output.settle();
  }

  /** Same as flush: the stream stays open. */
  close(): Promise<void> {
    return this.output.settle();
  }
}

const PROPERTIES: readonly PropertySpec[] = [
  { key: 'format', description: 'record format', default: 'jsonl', values: ['jsonl', 'csv'] },
  { key: 'delimiter', description: 'CSV field delimiter (one character, \\t for a tab)', default: ',' },
  ...OUTPUT_FORMAT_PROPERTIES,
];

/** `stdout`: JSON lines (default) or CSV with a header on standard output. */
export const stdoutSinkFactory: SinkFactory = {
  type: 'stdout',
  properties: PROPERTIES,
  open: async (props, schema, ctx) =>
    new StreamSink(
      process.stdout,
      schema,
      {
        ...formatOptions(props),
        format: enumProperty(props, 'format', ['jsonl', 'csv'], 'jsonl'),
        delimiter: characterProperty(props, 'delimiter', ','),
      },
      'stdout',
      ctx.metrics,
    ),
};
